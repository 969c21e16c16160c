package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
)

var (
	tfTarget   = &engine.TargetRef{Kind: "terraform", ID: "infra", Repo: "github.com/acme/infra", Path: "infra", Owner: "@acme/platform"}
	denyPolicy = &engine.PolicyRef{ID: "TF-001", Severity: "high", Enforcement: "deny"}
	warnPolicy = &engine.PolicyRef{ID: "GP-001", Severity: "low", Enforcement: "warn", Tags: []string{"golden-path"}}
)

// tfRun is a run over tfTarget at day d with the given results, running
// both policies.
func tfRun(d int, results ...engine.Result) *engine.Report {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d)
	for i := range results {
		results[i].Target = tfTarget
		results[i].Fingerprint = engine.Fingerprint(results[i].Policy.ID, tfTarget.Identity(), results[i].Resource)
	}
	return &engine.Report{
		Run:    engine.Run{ID: fmt.Sprintf("tf-%d", d), StartedAt: start, FinishedAt: start.Add(time.Second)},
		FailOn: "high",
		Policies: []*engine.Policy{{ID: "TF-001", Title: "t", Severity: "high", Enforcement: "deny", Kind: "terraform", Tags: []string{"baseline"}},
			{ID: "GP-001", Title: "g", Severity: "low", Enforcement: "warn", Kind: "terraform", Tags: []string{"golden-path"}}},
		Targets: []engine.TargetSummary{{TargetRef: *tfTarget}},
		Results: results,
	}
}

// count runs a COUNT query, failing the test when it cannot.
func count(t *testing.T, s *Store, query string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

type interval struct {
	policy, verdict string
	from, to        int // days; to -1 while open
}

func intervals(t *testing.T, s *Store) []interval {
	t.Helper()
	rows, err := s.db.Query(`SELECT policy_id, verdict, from_ns, to_ns FROM verdicts WHERE target_kind = 'terraform' ORDER BY policy_id, from_ns`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	day := func(ns int64) int {
		return int(time.Unix(0, ns).UTC().Sub(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
	}
	var out []interval
	for rows.Next() {
		var iv interval
		var from int64
		var to sql.NullInt64
		if err := rows.Scan(&iv.policy, &iv.verdict, &from, &to); err != nil {
			t.Fatal(err)
		}
		iv.from, iv.to = day(from), -1
		if to.Valid {
			iv.to = day(to.Int64)
		}
		out = append(out, iv)
	}
	return out
}

// Verdicts are intervals that change only when a verdict does: the worst
// result of a policy on the asset is its verdict, a deny policy's warning
// is advisory, and a policy that stops applying closes its interval.
func TestVerdictIntervals(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url)
			steps := []*engine.Report{
				tfRun(0, result(denyPolicy, "a", engine.StatusPass), result(denyPolicy, "b", engine.StatusFail), result(warnPolicy, "a", engine.StatusPass)),
				tfRun(1, result(denyPolicy, "a", engine.StatusPass), result(denyPolicy, "b", engine.StatusFail), result(warnPolicy, "a", engine.StatusPass)),
				tfRun(2, result(denyPolicy, "a", engine.StatusPass), result(denyPolicy, "b", engine.StatusWarn), result(warnPolicy, "a", engine.StatusWarn)),
				tfRun(3, result(denyPolicy, "a", engine.StatusPass), result(denyPolicy, "b", engine.StatusWaived), result(warnPolicy, "a", engine.StatusWarn)),
				tfRun(4, result(denyPolicy, "a", engine.StatusPass)), // GP-001 no longer applies
			}
			for _, rep := range steps {
				if err := s.Record(ctx, rep); err != nil {
					t.Fatal(err)
				}
			}
			want := []interval{
				{"GP-001", "pass", 0, 2}, {"GP-001", "warn", 2, 4},
				{"TF-001", "fail", 0, 2}, {"TF-001", "advisory", 2, 3}, {"TF-001", "waived", 3, 4}, {"TF-001", "pass", 4, -1},
			}
			if got := intervals(t, s); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("intervals:\n got %v\nwant %v", got, want)
			}
			var owner, repo string
			var first, last int64
			if err := s.db.QueryRow(`SELECT owner, target_repo, first_seen_ns, last_seen_ns FROM assets WHERE target_kind = 'terraform'`).Scan(&owner, &repo, &first, &last); err != nil {
				t.Fatal(err)
			}
			if owner != "@acme/platform" || repo != "github.com/acme/infra" || first != steps[0].Run.StartedAt.UnixNano() || last != steps[4].Run.StartedAt.UnixNano() {
				t.Errorf("asset: owner %q repo %q first %d last %d", owner, repo, first, last)
			}
			var baseline, golden int
			var tags string
			if err := s.db.QueryRow(`SELECT baseline_tag, golden_path, tags FROM policies WHERE policy_id = 'GP-001'`).Scan(&baseline, &golden, &tags); err != nil {
				t.Fatal(err)
			}
			if baseline != 0 || golden != 1 || tags != ",golden-path," {
				t.Errorf("GP-001: baseline %d golden %d tags %q", baseline, golden, tags)
			}
		})
	}
}

// A partial run changes the verdicts it saw and closes none it did not;
// a run older than what the store has of an asset changes nothing of it.
func TestVerdictsOfPartialAndOlderRuns(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url)
			if err := s.Record(ctx, tfRun(0, result(denyPolicy, "a", engine.StatusFail), result(warnPolicy, "a", engine.StatusPass))); err != nil {
				t.Fatal(err)
			}
			partial := tfRun(1, result(denyPolicy, "a", engine.StatusPass))
			partial.Partial = true
			if err := s.Record(ctx, partial); err != nil {
				t.Fatal(err)
			}
			late := tfRun(5, result(denyPolicy, "a", engine.StatusPass), result(warnPolicy, "a", engine.StatusPass))
			if err := s.Record(ctx, late); err != nil {
				t.Fatal(err)
			}
			older := tfRun(3, result(denyPolicy, "a", engine.StatusFail), result(warnPolicy, "a", engine.StatusFail))
			if err := s.Record(ctx, older); err != nil {
				t.Fatal(err)
			}
			// The partial run saw a pass but resolves nothing: a finding it
			// did not see may still fail, so the verdict stays fail until
			// the full run of day 5.
			want := []interval{{"GP-001", "pass", 0, -1}, {"TF-001", "fail", 0, 5}, {"TF-001", "pass", 5, -1}}
			if got := intervals(t, s); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("intervals:\n got %v\nwant %v", got, want)
			}
			fs, err := s.Findings(ctx, "terraform", tfTarget.Identity())
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.Resolved.IsZero() || f.LastRun != "tf-0" {
					t.Errorf("the older run touched finding %s: %+v", f.PolicyID, f)
				}
			}
			if runs := count(t, s, `SELECT COUNT(*) FROM runs`); runs != 4 {
				t.Errorf("%d runs recorded, want 4 (the older one too)", runs)
			}
		})
	}
}

// A finding's waived spans are kept: opened when a run first sees it
// waived, closed when one sees it failing again or resolves it.
func TestWaivedPeriods(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t, url)
			recordAll(t, s,
				tfRun(0, result(denyPolicy, "a", engine.StatusFail)),
				tfRun(2, result(denyPolicy, "a", engine.StatusWaived)),
				tfRun(3, result(denyPolicy, "a", engine.StatusWaived)),
				tfRun(6, result(denyPolicy, "a", engine.StatusFail)),
				tfRun(8, result(denyPolicy, "a", engine.StatusWaived)),
				tfRun(9, result(denyPolicy, "a", engine.StatusPass)))
			if got, want := waivedSpans(t, s), "[03-03..03-07 03-09..03-10]"; got != want {
				t.Errorf("waived periods %s, want %s", got, want)
			}
		})
	}
}

func recordAll(t *testing.T, s *Store, reps ...*engine.Report) {
	t.Helper()
	for _, rep := range reps {
		if err := s.Record(context.Background(), rep); err != nil {
			t.Fatal(err)
		}
	}
}

// waivedSpans are the store's waived spans, "from..to" (month-day) and
// their waiver's id, owner and expiry when they have one.
func waivedSpans(t *testing.T, s *Store) string {
	t.Helper()
	rows, err := s.db.Query(`SELECT from_ns, to_ns, waiver_id, waiver_owner, waiver_expires FROM waived_periods ORDER BY from_ns`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var from, to int64
		var id, owner, exp string
		if err := rows.Scan(&from, &to, &id, &owner, &exp); err != nil {
			t.Fatal(err)
		}
		span := time.Unix(0, from).UTC().Format("01-02") + ".." + time.Unix(0, to).UTC().Format("01-02")
		if id != "" {
			span += fmt.Sprintf(" %s %s %s", id, owner, exp)
		}
		got = append(got, span)
	}
	return fmt.Sprint(got)
}

// Several writers at once (CI jobs, fleet workers, each with its own
// connection) all land, and leave one open interval per asset and policy.
func TestConcurrentWriters(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			open(t, url) // migrated once; the writers find it current
			const writers, runsEach = 4, 5
			var wg sync.WaitGroup
			errs := make(chan error, writers*runsEach)
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s, err := Open(ctx, url)
					if err != nil {
						errs <- err
						return
					}
					defer s.Close()
					for i := range runsEach {
						status := engine.StatusPass
						if (w+i)%2 == 0 {
							status = engine.StatusFail
						}
						rep := tfRun(w*runsEach+i, result(denyPolicy, "a", status))
						rep.Run.ID = fmt.Sprintf("w%d-%d", w, i)
						// a target of its own and a shared one
						own := *tfTarget
						own.Path = fmt.Sprintf("infra/w%d", w)
						rep.Targets = append(rep.Targets, engine.TargetSummary{TargetRef: own})
						r := result(denyPolicy, "a", status)
						r.Target = &own
						r.Fingerprint = engine.Fingerprint("TF-001", own.Identity(), "a")
						rep.Results = append(rep.Results, r)
						if err := s.Record(ctx, rep); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			s := open(t, url)
			runs, assets := count(t, s, `SELECT COUNT(*) FROM runs`), count(t, s, `SELECT COUNT(*) FROM assets`)
			multi := count(t, s, `SELECT COUNT(*) FROM (SELECT target_id FROM verdicts WHERE to_ns IS NULL GROUP BY target_kind, target_id, policy_id HAVING COUNT(*) > 1) x`)
			if runs != writers*runsEach || assets != writers+1 || multi != 0 {
				t.Errorf("runs %d (want %d), assets %d (want %d), assets with two open intervals %d", runs, writers*runsEach, assets, writers+1, multi)
			}
		})
	}
}

// A store the previous paved wrote (schema 3, testdata/schema-v3.db, from
// `paved check` of the examples) opens, keeps its findings, and records.
func TestMigrateFromSchema3(t *testing.T) {
	src, err := os.Open("testdata/schema-v3.db")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "old.db")
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	ctx := context.Background()
	s := open(t, "sqlite://"+path)
	version, findings := count(t, s, `SELECT version FROM paved_schema`), count(t, s, `SELECT COUNT(*) FROM findings`)
	if version != len(migrations) || findings != 39 {
		t.Fatalf("after migration: version %d (want %d), %d findings (want the 39 it had)", version, len(migrations), findings)
	}
	if err := s.Record(ctx, tfRun(0, result(denyPolicy, "a", engine.StatusFail))); err != nil {
		t.Fatal(err)
	}
	if got := intervals(t, s); len(got) != 1 || !strings.Contains(fmt.Sprint(got), "fail") {
		t.Errorf("intervals after migration: %v", got)
	}
}

// Two targets of one identity (two SBOM files of one component) are one
// asset.
func TestDuplicateTargetsAreOneAsset(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t, url)
			rep := tfRun(0, result(denyPolicy, "a", engine.StatusFail))
			rep.Targets = append(rep.Targets, rep.Targets[0])
			if err := s.Record(context.Background(), rep); err != nil {
				t.Fatal(err)
			}
			if n := count(t, s, `SELECT COUNT(*) FROM assets`); n != 1 {
				t.Errorf("%d assets, want 1", n)
			}
		})
	}
}

// A waived span keeps its waiver; another waiver of the same finding
// starts another span.
func TestWaivedPeriodsKeepTheirWaiver(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t, url)
			waivedBy := func(d int, id, expires string) *engine.Report {
				r := result(denyPolicy, "a", engine.StatusWaived)
				r.WaiverID = id
				rep := tfRun(d, r)
				rep.Waivers = []*engine.Waiver{{ID: id, Owner: "alice", Expires: expires}}
				return rep
			}
			recordAll(t, s, waivedBy(0, "W-1", "2026-03-10"), waivedBy(3, "W-1", "2026-03-10"), waivedBy(5, "W-2", "2026-04-01"),
				tfRun(7, result(denyPolicy, "a", engine.StatusFail)))
			if got, want := waivedSpans(t, s), "[03-01..03-06 W-1 alice 2026-03-10 03-06..03-08 W-2 alice 2026-04-01]"; got != want {
				t.Errorf("waived spans %s, want %s", got, want)
			}
		})
	}
}
