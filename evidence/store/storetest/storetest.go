// Package storetest opens the stores a test runs against: SQLite always,
// PostgreSQL when the environment names one. It is for tests only.
package storetest

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"github.com/paved-dev/paved/internal/testenv"
)

// URLs are the store URLs a test runs against, by backend name: a fresh
// SQLite file always; a fresh schema of the PostgreSQL database at
// PAVED_TEST_POSTGRES_URL when it is set, which it must be when
// PAVED_REQUIRE_SERVICES=1.
func URLs(t testing.TB) map[string]string {
	t.Helper()
	urls := map[string]string{"sqlite": "sqlite://" + filepath.Join(t.TempDir(), "paved.db")}
	if pg := Postgres(t); pg != "" {
		urls["postgres"] = pg
	}
	return urls
}

// Postgres is the URL of a fresh, empty schema of the PostgreSQL database
// at PAVED_TEST_POSTGRES_URL, dropped when the test ends; "" (logged) when
// the variable is unset, a failure when PAVED_REQUIRE_SERVICES=1.
func Postgres(t testing.TB) string {
	t.Helper()
	pg := os.Getenv("PAVED_TEST_POSTGRES_URL")
	if pg == "" {
		if testenv.Required() {
			t.Fatal("PAVED_TEST_POSTGRES_URL is not set and PAVED_REQUIRE_SERVICES=1: the PostgreSQL store is not tested")
		}
		t.Log("PAVED_TEST_POSTGRES_URL not set: the PostgreSQL store is not tested")
		return ""
	}
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("paved_test_%d", time.Now().UnixNano())
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL at PAVED_TEST_POSTGRES_URL: %v", err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", pg); err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	sep := "?"
	if strings.Contains(pg, "?") {
		sep = "&"
	}
	return pg + sep + "search_path=" + schema
}
