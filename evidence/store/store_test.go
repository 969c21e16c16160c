package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/store/storetest"
)

// stores opens each backend a test runs against.
func stores(t *testing.T) map[string]string { return storetest.URLs(t) }

func open(t *testing.T, url string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var (
	sbomTarget = &engine.TargetRef{Kind: "sbom", ID: "app.cdx.json", Repo: "github.com/acme/app", Path: "pkg:npm/app"}
	vulnPolicy = &engine.PolicyRef{ID: "SBOM-011", Severity: "high"}
	slaPolicy  = &engine.PolicyRef{ID: "SBOM-015", Severity: "medium"}
)

// run is a report of one SBOM run at day d with the given results.
func run(d int, results ...engine.Result) *engine.Report {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d)
	for i := range results {
		results[i].Target = sbomTarget
		results[i].Fingerprint = engine.Fingerprint(results[i].Policy.ID, sbomTarget.Identity(), results[i].Resource)
	}
	return &engine.Report{
		Run:      engine.Run{ID: fmt.Sprintf("run-%d", d), StartedAt: start, FinishedAt: start.Add(time.Second)},
		FailOn:   "high",
		Policies: []*engine.Policy{{ID: "SBOM-011"}, {ID: "SBOM-015"}},
		Targets:  []engine.TargetSummary{{TargetRef: *sbomTarget}},
		Results:  results,
	}
}

// track has the report's target track every resource its results name.
func track(rep *engine.Report) *engine.Report {
	for _, r := range rep.Results {
		rep.Targets[0].Tracked = append(rep.Targets[0].Tracked, r.Resource)
	}
	return rep
}

func result(p *engine.PolicyRef, resource string, status engine.Status) engine.Result {
	return engine.Result{Policy: p, Resource: resource, Status: status}
}

func TestFindingLife(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url)
			day := func(d int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
			steps := []*engine.Report{
				run(0, result(vulnPolicy, "CVE-1@pkg:npm/a@1", engine.StatusFail), result(slaPolicy, "CVE-2@pkg:npm/b@1", engine.StatusPass)),
				run(3, result(vulnPolicy, "CVE-1@pkg:npm/a@1", engine.StatusWaived), result(slaPolicy, "CVE-2@pkg:npm/b@1", engine.StatusFail)),
				run(5, result(vulnPolicy, "CVE-1@pkg:npm/a@1", engine.StatusPass), result(slaPolicy, "CVE-2@pkg:npm/b@1", engine.StatusFail)),
				run(9, result(vulnPolicy, "CVE-1@pkg:npm/a@1", engine.StatusFail)),
			}
			for _, rep := range steps {
				if err := s.Record(ctx, track(rep)); err != nil {
					t.Fatal(err)
				}
			}
			fs, err := s.Findings(ctx, "sbom", sbomTarget.Identity())
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]Finding{}
			for _, f := range fs {
				got[f.PolicyID] = f
			}
			// Failed, waived, passed (resolved), failed again (reopened).
			if f := got["SBOM-011"]; f.FirstSeen != day(0) || f.LastSeen != day(9) || !f.Resolved.IsZero() || f.Reopened != 1 || f.Status != "fail" || f.LastRun != "run-9" {
				t.Errorf("SBOM-011 finding %+v", f)
			}
			// First failed on day 3; gone from the run of day 9.
			if f := got["SBOM-015"]; f.FirstSeen != day(3) || f.LastSeen != day(5) || f.Resolved != day(9) || f.Reopened != 0 {
				t.Errorf("SBOM-015 finding %+v", f)
			}
			seen, err := s.FirstSeen(ctx, "sbom", sbomTarget.Identity())
			if err != nil {
				t.Fatal(err)
			}
			if seen["CVE-2@pkg:npm/b@1"] != day(0) || seen["CVE-1@pkg:npm/a@1"] != day(0) || len(seen) != 2 {
				t.Errorf("first seen %v", seen)
			}
		})
	}
}

// What a run does not look at, it does not resolve: a target that did not
// load, a policy that did not run, a run that saw part of the tree.
func TestPartialRunsResolveNothingElse(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url)
			if err := s.Record(ctx, run(0, result(vulnPolicy, "CVE-1@a", engine.StatusFail), result(slaPolicy, "CVE-2@b", engine.StatusFail))); err != nil {
				t.Fatal(err)
			}
			broken := run(1)
			broken.Targets[0].Error = "could not read"
			excluded := run(2) // nothing found in what it saw
			fewer := run(3)
			fewer.Policies = []*engine.Policy{{ID: "SBOM-011"}}
			for _, rep := range []*engine.Report{broken, excluded, fewer} {
				if err := s.Record(ctx, partial(track(rep), rep == excluded)); err != nil {
					t.Fatal(err)
				}
			}
			fs, err := s.Findings(ctx, "sbom", sbomTarget.Identity())
			if err != nil || len(fs) != 2 {
				t.Fatalf("findings %v, %v; want 2", fs, err)
			}
			for _, f := range fs {
				if resolved := !f.Resolved.IsZero(); resolved != (f.PolicyID == "SBOM-011") || resolved && f.Resolved.Day() != 4 {
					t.Errorf("%s resolved %v", f.PolicyID, f.Resolved)
				}
			}
		})
	}
}

// A failed load resolves once the target loads again; a policy that failed
// to evaluate resolves none of its findings, nor does a target whose input
// could not be judged at all.
func TestErrorsResolveRightly(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url)
			load := &engine.PolicyRef{ID: engine.LoadPolicy.ID, Severity: "critical"}
			input := &engine.PolicyRef{ID: engine.InputPolicyID, Severity: "critical"}
			steps := []*engine.Report{
				run(0, result(load, sbomTarget.ID, engine.StatusError)),
				run(1, result(vulnPolicy, "CVE-1@a", engine.StatusFail), result(slaPolicy, "CVE-2@b", engine.StatusFail)),
				run(2, result(vulnPolicy, sbomTarget.ID, engine.StatusError), result(slaPolicy, "CVE-2@b", engine.StatusFail)),
				run(3, result(input, sbomTarget.ID, engine.StatusError)),
			}
			for _, rep := range steps {
				if err := s.Record(ctx, rep); err != nil {
					t.Fatal(err)
				}
			}
			fs, err := s.Findings(ctx, "sbom", sbomTarget.Identity())
			if err != nil {
				t.Fatal(err)
			}
			state := map[string]string{}
			for _, f := range fs {
				st := "open"
				if !f.Resolved.IsZero() {
					st = "resolved day " + strconv.Itoa(int(f.Resolved.Sub(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).Hours()/24))
				}
				state[f.PolicyID+" "+f.Resource] = st
			}
			want := map[string]string{
				"PAVED-LOAD app.cdx.json":  "resolved day 1", // loaded on day 1
				"SBOM-011 CVE-1@a":         "open",           // SBOM-011 failed to evaluate on day 2, nothing since
				"SBOM-011 app.cdx.json":    "open",           // its error is a finding too; day 3 judged nothing
				"SBOM-015 CVE-2@b":         "open",
				"PAVED-INPUT app.cdx.json": "open",
			}
			for k, w := range want {
				if state[k] != w {
					t.Errorf("%s: %s, want %s (all: %v)", k, state[k], w, state)
				}
			}
		})
	}
}

// A run is written whole or not at all.
func TestRecordIsOneTransaction(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url)
			var results []engine.Result
			for i := range 3 * batchRows {
				results = append(results, result(vulnPolicy, fmt.Sprintf("CVE-%d@a", i), engine.StatusFail))
			}
			first := run(0, results[:1]...)
			if err := s.Record(ctx, track(first)); err != nil {
				t.Fatal(err)
			}
			// The same run id again fails on the run row: nothing of it lands.
			again := run(0, results...)
			if err := s.Record(ctx, track(again)); err == nil {
				t.Fatal("a run recorded twice")
			}
			// A run that fails half way, its resources and findings written.
			failAfterFindings = func() error { return errors.New("disk on fire") }
			half := run(1, results...)
			err := s.Record(ctx, track(half))
			failAfterFindings = nil
			if err == nil {
				t.Fatal("a failed run recorded")
			}
			fs, err := s.Findings(ctx, "sbom", sbomTarget.Identity())
			if err != nil {
				t.Fatal(err)
			}
			seen, _ := s.FirstSeen(ctx, "sbom", sbomTarget.Identity())
			if len(fs) != 1 || len(seen) != 1 {
				t.Errorf("%d findings, %d resources after failed runs, want 1 and 1", len(fs), len(seen))
			}
		})
	}
}

// Opening migrates once; a store from a newer paved is refused; bad URLs
// say what is wanted.
func TestOpen(t *testing.T) {
	ctx := context.Background()
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			open(t, url).Close()
			s := open(t, url) // migrated already: nothing to do
			if _, err := s.db.Exec(`UPDATE paved_schema SET version = 99`); err != nil {
				t.Fatal(err)
			}
			if _, err := Open(ctx, url); err == nil || !strings.Contains(err.Error(), "newer than this paved knows") {
				t.Errorf("a newer schema: %v", err)
			}
		})
	}
	for _, bad := range []string{"mysql://x/y", "sqlite://", "::"} {
		if _, err := Open(ctx, bad); err == nil {
			t.Errorf("Open(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"postgres://paved:secret@127.0.0.1:1/nowhere?connect_timeout=1",
		"postgres://paved@127.0.0.1:1/nowhere?connect_timeout=1&password=secret", "postgres://paved:secret@[::1"} {
		if _, err := Open(ctx, bad); err == nil || strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q): %v", bad, err)
		}
	}
}

// Processes opening a new store at once migrate it one after the other.
func TestOpenConcurrently(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			errs := make(chan error, 4)
			for range 4 {
				go func() {
					s, err := Open(context.Background(), url)
					if err == nil {
						s.Close()
					}
					errs <- err
				}()
			}
			for range 4 {
				if err := <-errs; err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// A waived finding keeps its waiver's id, owner and expiry; seen again
// without one, it loses them.
func TestWaiverRecorded(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url)
			waived := result(vulnPolicy, "CVE-1@a", engine.StatusWaived)
			waived.WaiverID = "W-1"
			rep := run(0, waived)
			rep.Waivers = []*engine.Waiver{{ID: "W-1", Owner: "team-a", Expires: "2026-03-31"}}
			if err := s.Record(ctx, rep); err != nil {
				t.Fatal(err)
			}
			fs, _ := s.Findings(ctx, "sbom", sbomTarget.Identity())
			if len(fs) != 1 || fs[0].Status != "waived" || fs[0].WaiverID != "W-1" || fs[0].WaiverOwner != "team-a" || fs[0].WaiverExpires != "2026-03-31" {
				t.Fatalf("waived finding %+v", fs)
			}
			if err := s.Record(ctx, run(1, result(vulnPolicy, "CVE-1@a", engine.StatusFail))); err != nil {
				t.Fatal(err)
			}
			fs, _ = s.Findings(ctx, "sbom", sbomTarget.Identity())
			if len(fs) != 1 || fs[0].Status != "fail" || fs[0].WaiverID != "" || fs[0].WaiverOwner != "" || fs[0].WaiverExpires != "" {
				t.Errorf("finding after its waiver lapsed %+v", fs)
			}
		})
	}
}

// A store made by an earlier paved migrates when it holds no findings; one
// whose findings were fingerprinted by the path a target was checked under
// is refused, saying what to do, and left as it was: its findings cannot be
// matched to this paved's, and treating them as gone would resolve them all.
func TestOpenOlderStore(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			driver, dsn := "pgx", url
			if name == "sqlite" {
				driver, dsn = "sqlite", strings.TrimPrefix(url, "sqlite://")
			}
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			version := func() int {
				var v int
				if err := db.QueryRow(`SELECT version FROM paved_schema`).Scan(&v); err != nil {
					t.Fatal(err)
				}
				return v
			}
			for _, stmt := range append(strings.Split(migrations[0], ";\n"),
				`CREATE TABLE paved_schema (version INTEGER NOT NULL)`, `INSERT INTO paved_schema (version) VALUES (1)`,
				`INSERT INTO runs VALUES ('old', 0, 0, 'v0', '', 'high', 1, 1, 1)`,
				`INSERT INTO findings VALUES ('fp', 'SBOM-011', 'high', 'sbom', 'app.cdx.json', 'CVE-1@a', 'fail', '', 0, 0, NULL, 0, 'old')`) {
				if _, err := db.Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
			_, err = Open(context.Background(), url)
			if err == nil || !strings.Contains(err.Error(), "new store") || !strings.Contains(err.Error(), "1 findings") {
				t.Fatalf("a store with findings of the old naming: %v", err)
			}
			var n int
			if err := db.QueryRow(`SELECT COUNT(*) FROM findings`).Scan(&n); err != nil || n != 1 || version() != 1 {
				t.Fatalf("the refused store changed: %d findings, version %d, %v", n, version(), err)
			}
			// Without findings, it migrates.
			if _, err := db.Exec(`DELETE FROM findings`); err != nil {
				t.Fatal(err)
			}
			s := open(t, url)
			if v := version(); v != len(migrations) {
				t.Errorf("schema version %d, want %d", v, len(migrations))
			}
			if err := s.Record(context.Background(), track(run(0, result(vulnPolicy, "CVE-1@a", engine.StatusFail)))); err != nil {
				t.Fatal(err)
			}
			fs, err := s.Findings(context.Background(), "sbom", sbomTarget.Identity())
			if err != nil || len(fs) != 1 {
				t.Fatalf("after migration: %+v %v", fs, err)
			}
		})
	}
}

// partial marks the report as a partial run's.
func partial(rep *engine.Report, p bool) *engine.Report {
	rep.Partial = p
	return rep
}
