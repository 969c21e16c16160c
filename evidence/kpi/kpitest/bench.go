package kpitest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"github.com/paved-dev/paved/evidence/store"
)

// The benchmarks of evidence/kpi and evidence/serve read the same
// generated histories, made once and kept.

// BenchEnd is the last run of the benchmarks' histories: fixed, so that a
// generated store can be kept and used again.
var BenchEnd = time.Date(2026, 6, 30, 2, 0, 0, 0, time.UTC)

// BenchParams is the history the benchmarks read: issue 17's budget
// (1,000 assets × 50 policies × 90 daily runs) with PAVED_BENCH_HISTORY=1,
// which make bench sets; else a small one, quick to generate.
func BenchParams() Params {
	if os.Getenv("PAVED_BENCH_HISTORY") == "1" {
		return Default(BenchEnd)
	}
	return Params{Assets: 200, Policies: 20, Days: 30, End: BenchEnd, Seed: 17}
}

// benchKey names a generated history: its parameters, the generator's
// version and the store's schema.
func benchKey(p Params) string {
	return fmt.Sprintf("kpi_%dx%dx%d_s%d_g%d", p.Assets, p.Policies, p.Days, p.Seed, Version)
}

// complete says whether st holds the whole of p's history: every run, and
// assets (a store written before Record kept them has none).
func complete(ctx context.Context, st *store.Store, p Params) bool {
	var runs, assets int
	err := st.DB().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM assets)`).Scan(&runs, &assets)
	return err == nil && runs == p.Days && assets > 0
}

func generate(tb testing.TB, st *store.Store, p Params) {
	tb.Helper()
	began := time.Now()
	if err := Generate(context.Background(), st, p, nil); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("generated %s in %s", benchKey(p), time.Since(began).Round(time.Second))
}

// SQLiteHistory is a SQLite store of p's history, generated once into the
// OS's temporary directory and kept there for the next runs.
func SQLiteHistory(tb testing.TB, p Params) (*store.Store, int64) {
	tb.Helper()
	ctx := context.Background()
	dir := filepath.Join(os.TempDir(), "paved-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, benchKey(p)+".db")
	if _, err := os.Stat(path); err == nil {
		st, err := store.Open(ctx, "sqlite://"+path)
		if err == nil && complete(ctx, st, p) {
			fi, _ := os.Stat(path)
			return st, fi.Size()
		}
		if st != nil {
			st.Close()
		}
	}
	tmp := path + ".new"
	os.Remove(tmp)
	st, err := store.Open(ctx, "sqlite://"+tmp)
	if err != nil {
		tb.Fatal(err)
	}
	generate(tb, st, p)
	st.Close()
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	if st, err = store.Open(ctx, "sqlite://"+path); err != nil {
		tb.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return st, fi.Size()
}

// PostgresHistory is a PostgreSQL store of p's history, in a schema of the
// database at PAVED_TEST_POSTGRES_URL named by its key, generated once and
// kept for the next runs (DROP SCHEMA … CASCADE to free it).
func PostgresHistory(tb testing.TB, p Params) (*store.Store, int64) {
	tb.Helper()
	ctx := context.Background()
	pg := os.Getenv("PAVED_TEST_POSTGRES_URL")
	if pg == "" {
		tb.Skip("PAVED_TEST_POSTGRES_URL not set")
	}
	schema := "paved_bench_" + benchKey(p)
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	sep := "?"
	if strings.Contains(pg, "?") {
		sep = "&"
	}
	url := pg + sep + "search_path=" + schema
	var exists bool
	if err := admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
		tb.Fatal(err)
	}
	if exists {
		st, err := store.Open(ctx, url)
		if err == nil && complete(ctx, st, p) {
			return st, pgSize(tb, admin, schema)
		}
		if st != nil {
			st.Close()
		}
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	generate(tb, st, p)
	if _, err := admin.ExecContext(ctx, "ANALYZE"); err != nil {
		tb.Fatal(err)
	}
	return st, pgSize(tb, admin, schema)
}

// pgSize is the bytes a schema's tables and indexes take.
func pgSize(tb testing.TB, db *sql.DB, schema string) int64 {
	var n int64
	if err := db.QueryRow(`SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
WHERE s.nspname = $1 AND c.relkind = 'r'`, schema).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}
