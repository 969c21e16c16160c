// Package store is paved's history: every run written to it, and the life
// of every finding across runs — when it was first and last seen, when it
// was resolved, how often it came back — and the first sighting of what a
// run asks it to track (an SBOM's vulnerability findings, which SBOM-015
// times from it). SQLite (embedded, the
// default) and PostgreSQL sit behind one interface, with the same schema
// and migrations.
//
// A run is written in one transaction: a run that fails half way leaves
// nothing behind.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Store is an open history store. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	dialect string // "sqlite" or "postgres"
}

// Open opens the store at rawURL — sqlite://PATH (a file, created when
// missing; sqlite:///abs/path or sqlite://rel/path) or postgres://… (a
// libpq URL) — and brings its schema up to date.
func Open(ctx context.Context, rawURL string) (*Store, error) { return openURL(ctx, rawURL, true) }

// OpenExisting is Open for a store that must exist already: a missing
// SQLite file is an error (fs.ErrNotExist) naming it, not a new empty
// store, so that a mistyped path read or pruned is not taken for an empty
// history. (A PostgreSQL database is never created.)
func OpenExisting(ctx context.Context, rawURL string) (*Store, error) {
	return openURL(ctx, rawURL, false)
}

func openURL(ctx context.Context, rawURL string, create bool) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// Not the URL itself: it may hold a password.
		return nil, fmt.Errorf("store: not a URL (want sqlite://PATH or postgres://…)")
	}
	var s Store
	switch u.Scheme {
	case "sqlite":
		path := u.Host + u.Path
		if path == "" {
			return nil, fmt.Errorf("store %q: want sqlite://PATH", rawURL)
		}
		// One writer at a time, taking the write lock when a transaction
		// begins and waiting for a busy file rather than failing (two
		// processes opening a new store migrate one after the other);
		// foreign keys on. Not WAL: switching a new file to it is refused,
		// not waited for, while another process holds it.
		dsn := "file:" + path + "?_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
		if !create {
			// The stat names the path; mode=rw keeps SQLite from creating
			// the file should it go in between.
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("store %s: %s: %w", rawURL, path, fs.ErrNotExist)
			}
			dsn += "&mode=rw"
		}
		s.db, err = sql.Open("sqlite", dsn)
		s.dialect = "sqlite"
		if err == nil {
			s.db.SetMaxOpenConns(1)
		}
	case "postgres", "postgresql":
		s.db, err = sql.Open("pgx", rawURL)
		s.dialect = "postgres"
	default:
		return nil, fmt.Errorf("store %q: want sqlite://PATH or postgres://…", redact(u))
	}
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", redact(u), err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store %s: %w", redact(u), err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store %s: %w", redact(u), err)
	}
	return &s, nil
}

// DB is the store's database, for read-only queries over its tables
// (evidence/kpi); writes go through Record.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// redact is a store URL for messages: no password, in the user part or
// the query.
func redact(u *url.URL) string {
	c := *u
	if _, ok := c.User.Password(); ok {
		c.User = url.UserPassword(c.User.Username(), "xxxxx")
	}
	if q := c.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		c.RawQuery = q.Encode()
	}
	return c.String()
}

// migrations bring the schema from version i to i+1. Times are Unix
// nanoseconds (UTC), the unit the input documents use, in both databases.
var migrations = []string{
	`CREATE TABLE runs (
	id                TEXT PRIMARY KEY,
	started_ns        BIGINT NOT NULL,
	finished_ns       BIGINT NOT NULL,
	tool_version      TEXT NOT NULL,
	policy_set_digest TEXT NOT NULL,
	fail_on           TEXT NOT NULL,
	targets           INTEGER NOT NULL,
	results           INTEGER NOT NULL,
	blocking          INTEGER NOT NULL
);
CREATE TABLE findings (
	fingerprint   TEXT PRIMARY KEY,
	policy_id     TEXT NOT NULL,
	severity      TEXT NOT NULL,
	target_kind   TEXT NOT NULL,
	target_id     TEXT NOT NULL,
	resource      TEXT NOT NULL,
	status        TEXT NOT NULL,
	waiver_id     TEXT NOT NULL,
	first_seen_ns BIGINT NOT NULL,
	last_seen_ns  BIGINT NOT NULL,
	resolved_ns   BIGINT,
	reopened      INTEGER NOT NULL,
	last_run      TEXT NOT NULL REFERENCES runs(id)
);
CREATE INDEX findings_target ON findings (target_kind, target_id);
CREATE TABLE resources (
	target_kind   TEXT NOT NULL,
	target_id     TEXT NOT NULL,
	resource      TEXT NOT NULL,
	first_seen_ns BIGINT NOT NULL,
	last_seen_ns  BIGINT NOT NULL,
	PRIMARY KEY (target_kind, target_id, resource)
);`,
	// A waived finding's waiver owner and expiry, beside its id. A
	// migration, not an edit of the first: stores exist at version 1.
	`ALTER TABLE findings ADD COLUMN waiver_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN waiver_expires TEXT NOT NULL DEFAULT ''`,
	// Targets named by their identity (engine.Identity): target_id is
	// repo//path, kept in parts too for KPIs by repository. A store with
	// findings of the old naming is refused before this (identityGuard).
	`ALTER TABLE findings ADD COLUMN target_repo TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN target_path TEXT NOT NULL DEFAULT ''`,
	// KPIs at any past time. Assets are the targets runs judged, with
	// their owner; verdicts are each asset's verdict on each policy that
	// judged it, as intervals [from_ns, to_ns) that change only when the
	// verdict does (to_ns NULL while current); policies are the metadata
	// KPIs select by (baseline, golden path, severity) and when each was
	// first and last in a run; waived_periods are the spans a finding was
	// waived, which pause its SLA clock. Runs gain the scope and evidence
	// bundle they left. Stores written before keep their findings; their
	// verdict history starts with the first run after the upgrade.
	`CREATE TABLE assets (
	target_kind   TEXT NOT NULL,
	target_id     TEXT NOT NULL,
	target_repo   TEXT NOT NULL,
	target_path   TEXT NOT NULL,
	owner         TEXT NOT NULL,
	first_seen_ns BIGINT NOT NULL,
	last_seen_ns  BIGINT NOT NULL,
	last_run      TEXT NOT NULL,
	PRIMARY KEY (target_kind, target_id)
);
CREATE TABLE verdicts (
	target_kind TEXT NOT NULL,
	target_id   TEXT NOT NULL,
	policy_id   TEXT NOT NULL,
	verdict     TEXT NOT NULL,
	from_ns     BIGINT NOT NULL,
	to_ns       BIGINT,
	PRIMARY KEY (target_kind, target_id, policy_id, from_ns)
);
CREATE INDEX verdicts_policy_time ON verdicts (policy_id, from_ns);
CREATE TABLE policies (
	policy_id     TEXT PRIMARY KEY,
	title         TEXT NOT NULL,
	severity      TEXT NOT NULL,
	kind          TEXT NOT NULL,
	enforcement   TEXT NOT NULL,
	tags          TEXT NOT NULL,
	baseline_tag  INTEGER NOT NULL,
	golden_path   INTEGER NOT NULL,
	first_seen_ns BIGINT NOT NULL,
	last_seen_ns  BIGINT NOT NULL
);
CREATE TABLE waived_periods (
	fingerprint TEXT NOT NULL,
	from_ns     BIGINT NOT NULL,
	to_ns       BIGINT,
	PRIMARY KEY (fingerprint, from_ns)
);
CREATE INDEX findings_resolved ON findings (resolved_ns);
CREATE INDEX findings_first_seen ON findings (first_seen_ns);
CREATE INDEX runs_started ON runs (started_ns);
ALTER TABLE runs ADD COLUMN scope TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN evidence_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN evidence_location TEXT NOT NULL DEFAULT ''`,
	// The waiver behind each waived span, so the exceptions in force at a
	// past time are known after the waiver is gone.
	`ALTER TABLE waived_periods ADD COLUMN waiver_id TEXT NOT NULL DEFAULT '';
ALTER TABLE waived_periods ADD COLUMN waiver_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE waived_periods ADD COLUMN waiver_expires TEXT NOT NULL DEFAULT ''`,
}

// identityMigration is the migration that names targets by identity.
const identityMigration = 2

// identityGuard refuses a store whose findings (and sightings) were keyed
// by the path a target was checked under: their fingerprints cannot be
// worked out again without the checkout they came from, and matching them
// to the new ones would be a guess. Such a store stays as it is.
func identityGuard(ctx context.Context, tx *sql.Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM findings) + (SELECT COUNT(*) FROM resources)`).Scan(&n); err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("written by an earlier paved that named targets by the path they were checked under, not by repository and path: its %d findings and sightings cannot be matched to this paved's. Record into a new store (e.g. --store sqlite://paved-v2.db); this one is left unchanged", n)
	}
	return nil
}

// migrate applies the migrations the store has not had, in one
// transaction that holds the store's write lock (SQLite: BEGIN IMMEDIATE;
// PostgreSQL: an advisory lock): processes opening a new store at once
// migrate it one after the other, the later ones finding nothing to do.
func (s *Store) migrate(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if s.dialect == "postgres" {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7465876)`); err != nil { // "paved"
				return fmt.Errorf("schema lock: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS paved_schema (version INTEGER NOT NULL)`); err != nil {
			return fmt.Errorf("schema version: %w", err)
		}
		var version int
		err := tx.QueryRowContext(ctx, `SELECT version FROM paved_schema`).Scan(&version)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.ExecContext(ctx, `INSERT INTO paved_schema (version) VALUES (0)`); err != nil {
				return fmt.Errorf("schema version: %w", err)
			}
		case err != nil:
			return fmt.Errorf("schema version: %w", err)
		}
		if version > len(migrations) {
			return fmt.Errorf("schema version %d is newer than this paved knows (%d): upgrade paved", version, len(migrations))
		}
		for ; version < len(migrations); version++ {
			if version == identityMigration {
				if err := identityGuard(ctx, tx); err != nil {
					return err
				}
			}
			for _, stmt := range strings.Split(migrations[version], ";\n") {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migration %d: %w", version+1, err)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE paved_schema SET version = $1`, version); err != nil {
			return fmt.Errorf("schema version: %w", err)
		}
		return nil
	})
}

// writeLock makes tx the only writer of the store until it ends, as
// SQLite's immediate transactions are: a run reads the verdicts it then
// changes. On PostgreSQL it is an advisory lock.
func (s *Store) writeLock(ctx context.Context, tx *sql.Tx) error {
	if s.dialect != "postgres" {
		return nil // the transaction began with the write lock
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7465877)`); err != nil {
		return fmt.Errorf("write lock: %w", err)
	}
	return nil
}

// inTx runs f in a transaction, committed when f succeeds.
func (s *Store) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	return s.inConnTx(ctx, func(_ *sql.Conn, tx *sql.Tx) error { return f(tx) })
}

// inConnTx is inTx that also hands f the connection the transaction is
// on, for what database/sql cannot say (PostgreSQL's COPY).
func (s *Store) inConnTx(ctx context.Context, f func(*sql.Conn, *sql.Tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(conn, tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
