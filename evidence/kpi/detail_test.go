package kpi

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/store"
	"github.com/paved-dev/paved/evidence/store/storetest"
)

// detailDay is day d of the detail tests' history.
func detailDay(d int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }

func detailNs(d int) int64 { return detailDay(d).UnixNano() }

// detailHistory is a small history whose answers are worked out by hand
// in the tests below. Days from 2026-01-01:
//
//	policies: TF-1 high deny, TF-2 critical deny, GP-1 low warn golden-path (none tagged baseline: the deny ones are)
//	db  (terraform, team-a, days 0-10): TF-1 pass [0,5) fail [5,-); TF-2 pass [0,-)
//	net (terraform, team-a, days 0-10): TF-1 pass [0,-); TF-2 waived [0,-)
//	app (repo, no owner, days 2-10):    GP-1 warn [2,8) pass [8,-); TF-1 fail [2,-)
//	old (image, team-b, days 0-1):      TF-1 pass [0,-)
//	findings: db TF-1 x open since 5; db TF-1 y days 1-3; net TF-2 sg waived since 0
//	          (by W-0 days 0-4, then by W-1)
//	runs: r0 day 0, r5 day 5 (evidence), r10 day 10
func detailHistory(t *testing.T, url string) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	db := st.DB()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	null := any(nil)
	for _, r := range []struct {
		id                 string
		day                int
		evidence, location string
	}{{"r0", 0, "", ""}, {"r5", 5, "sha256:abc", "oci://registry.example/ev:r5"}, {"r10", 10, "", ""}} {
		exec(`INSERT INTO runs (id, started_ns, finished_ns, tool_version, policy_set_digest, fail_on, targets, results, blocking, scope, evidence_digest, evidence_location)
VALUES ($1, $2, $3, 'v1', 'sha256:set', 'high', 4, 9, 1, 'infra', $4, $5)`, r.id, detailNs(r.day), detailNs(r.day)+int64(time.Second), r.evidence, r.location)
	}
	for _, p := range [][]any{
		{"TF-1", "DB encrypted", "high", "terraform", "deny", "", 0, 0},
		{"TF-2", "No open SG", "critical", "terraform", "deny", "security", 0, 0},
		{"GP-1", "Has a README", "low", "repo", "warn", "golden-path", 0, 1},
	} {
		exec(`INSERT INTO policies (policy_id, title, severity, kind, enforcement, tags, baseline_tag, golden_path, first_seen_ns, last_seen_ns)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, append(p, detailNs(0), detailNs(10))...)
	}
	for _, a := range [][]any{
		{"terraform", "github.com/acme/infra//db", "github.com/acme/infra", "db", "team-a", detailNs(0), detailNs(10), "r10"},
		{"terraform", "github.com/acme/infra//net", "github.com/acme/infra", "net", "team-a", detailNs(0), detailNs(10), "r10"},
		{"repo", "github.com/acme/app//.", "github.com/acme/app", ".", "", detailNs(2), detailNs(10), "r10"},
		{"image", "ghcr.io/acme/old", "", "ghcr.io/acme/old", "team-b", detailNs(0), detailNs(1), "r0"},
	} {
		exec(`INSERT INTO assets (target_kind, target_id, target_repo, target_path, owner, first_seen_ns, last_seen_ns, last_run)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a...)
	}
	for _, v := range [][]any{
		{"terraform", "github.com/acme/infra//db", "TF-1", "pass", detailNs(0), detailNs(5)},
		{"terraform", "github.com/acme/infra//db", "TF-1", "fail", detailNs(5), null},
		{"terraform", "github.com/acme/infra//db", "TF-2", "pass", detailNs(0), null},
		{"terraform", "github.com/acme/infra//net", "TF-1", "pass", detailNs(0), null},
		{"terraform", "github.com/acme/infra//net", "TF-2", "waived", detailNs(0), null},
		{"repo", "github.com/acme/app//.", "GP-1", "warn", detailNs(2), detailNs(8)},
		{"repo", "github.com/acme/app//.", "GP-1", "pass", detailNs(8), null},
		{"repo", "github.com/acme/app//.", "TF-1", "fail", detailNs(2), null},
		{"image", "ghcr.io/acme/old", "TF-1", "pass", detailNs(0), null},
	} {
		exec(`INSERT INTO verdicts (target_kind, target_id, policy_id, verdict, from_ns, to_ns) VALUES ($1, $2, $3, $4, $5, $6)`, v...)
	}
	for _, f := range [][]any{
		{"fp-x", "TF-1", "high", "terraform", "github.com/acme/infra//db", "aws_db.x", "fail", "", "", "", detailNs(5), detailNs(10), null, "r10"},
		{"fp-y", "TF-1", "high", "terraform", "github.com/acme/infra//db", "aws_db.y", "fail", "", "", "", detailNs(1), detailNs(1), detailNs(3), "r0"},
		{"fp-sg", "TF-2", "critical", "terraform", "github.com/acme/infra//net", "aws_sg.sg", "waived", "W-1", "alice", "2026-03-01", detailNs(0), detailNs(10), null, "r10"},
	} {
		exec(`INSERT INTO findings (fingerprint, policy_id, severity, target_kind, target_id, resource, status, waiver_id, waiver_owner, waiver_expires,
	first_seen_ns, last_seen_ns, resolved_ns, reopened, last_run) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14)`, f...)
	}
	exec(`INSERT INTO waived_periods (fingerprint, from_ns, to_ns, waiver_id, waiver_owner, waiver_expires)
VALUES ('fp-sg', $1, $2, 'W-0', 'bob', '2026-01-05'), ('fp-sg', $2, NULL, 'W-1', 'alice', '2026-03-01')`, detailNs(0), detailNs(4))
	return st
}

func TestDetailAsset(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := detailHistory(t, url)
			d, err := AssetAt(ctx, st, "terraform", "github.com/acme/infra//db", DetailOptions{At: detailDay(10)})
			if err != nil {
				t.Fatal(err)
			}
			if d.Team != "team-a" || !d.Live || d.Passing || d.OpenFindings != 1 || d.Repo != "github.com/acme/infra" || d.LastRun != "r10" {
				t.Errorf("db at day 10: %+v", d)
			}
			wantVerdicts := []AssetVerdict{
				{PolicyID: "TF-1", Title: "DB encrypted", Severity: "high", Baseline: true, Verdict: "fail", Since: detailDay(5)},
				{PolicyID: "TF-2", Title: "No open SG", Severity: "critical", Baseline: true, Verdict: "pass", Since: detailDay(0)},
			}
			if !reflect.DeepEqual(d.Verdicts, wantVerdicts) {
				t.Errorf("verdicts at day 10:\n got %+v\nwant %+v", d.Verdicts, wantVerdicts)
			}
			d5 := detailDay(5)
			wantHistory := []VerdictSpan{
				{PolicyID: "TF-1", Verdict: "fail", From: detailDay(5)},
				{PolicyID: "TF-1", Verdict: "pass", From: detailDay(0), To: &d5},
				{PolicyID: "TF-2", Verdict: "pass", From: detailDay(0)},
			}
			if !reflect.DeepEqual(d.History, wantHistory) {
				t.Errorf("history at day 10:\n got %+v\nwant %+v", d.History, wantHistory)
			}

			// Day 3: both pass; the interval that ends on day 5 is still
			// current then; finding y was resolved on day 3 (not open).
			d, err = AssetAt(ctx, st, "terraform", "github.com/acme/infra//db", DetailOptions{At: detailDay(3)})
			if err != nil {
				t.Fatal(err)
			}
			if !d.Passing || d.OpenFindings != 0 || len(d.History) != 2 || d.History[0].To != nil || d.History[1].To != nil {
				t.Errorf("db at day 3: %+v", d)
			}
			if d, _ = AssetAt(ctx, st, "terraform", "github.com/acme/infra//db", DetailOptions{At: detailDay(2)}); d.OpenFindings != 1 {
				t.Errorf("db at day 2: %d open findings, want 1 (y)", d.OpenFindings)
			}

			// Not yet seen on day 1; unknown.
			if _, err := AssetAt(ctx, st, "repo", "github.com/acme/app//.", DetailOptions{At: detailDay(1)}); !errors.Is(err, ErrNotFound) {
				t.Errorf("app at day 1: %v, want not found", err)
			}
			if _, err := AssetAt(ctx, st, "repo", "nope", DetailOptions{At: detailDay(10)}); !errors.Is(err, ErrNotFound) {
				t.Errorf("unknown asset: %v, want not found", err)
			}
			// Stale on day 40 (last judged day 1, 30 days); live with 60.
			if d, _ := AssetAt(ctx, st, "image", "ghcr.io/acme/old", DetailOptions{At: detailDay(40)}); d == nil || d.Live || d.Team != "team-b" {
				t.Errorf("old at day 40: %+v, want stale", d)
			}
			if d, _ := AssetAt(ctx, st, "image", "ghcr.io/acme/old", DetailOptions{At: detailDay(40), StaleDays: 60}); d == nil || !d.Live {
				t.Errorf("old at day 40, 60 stale days: %+v, want live", d)
			}
			// No owner: team (none).
			if d, _ := AssetAt(ctx, st, "repo", "github.com/acme/app//.", DetailOptions{At: detailDay(10)}); d == nil || d.Team != NoTeam || d.Passing {
				t.Errorf("app at day 10: %+v", d)
			}
		})
	}
}

func TestDetailFindings(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := detailHistory(t, url)
			fs, err := AssetFindings(ctx, st, "terraform", "github.com/acme/infra//db", DetailOptions{At: detailDay(10)})
			if err != nil {
				t.Fatal(err)
			}
			d3 := detailDay(3)
			want := []FindingLife{
				{Fingerprint: "fp-x", PolicyID: "TF-1", Severity: "high", Resource: "aws_db.x", Status: "fail", Open: true, FirstSeen: detailDay(5), LastSeen: detailDay(10), LastRun: "r10"},
				{Fingerprint: "fp-y", PolicyID: "TF-1", Severity: "high", Resource: "aws_db.y", Status: "fail", FirstSeen: detailDay(1), LastSeen: detailDay(1), Resolved: &d3, LastRun: "r0"},
			}
			if !reflect.DeepEqual(fs, want) {
				t.Errorf("findings of db:\n got %+v\nwant %+v", fs, want)
			}
			// Day 4: x not yet seen.
			if fs, _ := AssetFindings(ctx, st, "terraform", "github.com/acme/infra//db", DetailOptions{At: detailDay(4)}); len(fs) != 1 || fs[0].Fingerprint != "fp-y" {
				t.Errorf("findings of db at day 4: %+v, want y only", fs)
			}
			fs, err = AssetFindings(ctx, st, "terraform", "github.com/acme/infra//net", DetailOptions{At: detailDay(10)})
			if err != nil {
				t.Fatal(err)
			}
			// Each span names the waiver of its time.
			d4 := detailDay(4)
			wantSpans := []WaivedSpan{
				{From: detailDay(0), To: &d4, WaiverID: "W-0", WaiverOwner: "bob", WaiverExpires: "2026-01-05"},
				{From: d4, WaiverID: "W-1", WaiverOwner: "alice", WaiverExpires: "2026-03-01"},
			}
			if len(fs) != 1 || fs[0].WaiverID != "W-1" || fs[0].WaiverOwner != "alice" || fs[0].WaiverExpires != "2026-03-01" ||
				!reflect.DeepEqual(fs[0].Waived, wantSpans) || !fs[0].Open {
				t.Errorf("findings of net: %+v", fs)
			}
			if fs, err := AssetFindings(ctx, st, "repo", "nope", DetailOptions{}); !errors.Is(err, ErrNotFound) {
				t.Errorf("findings of an unknown asset: %v, %v; want not found", fs, err)
			}
			// Known, with no finding; not yet seen on day 1.
			if fs, err := AssetFindings(ctx, st, "repo", "github.com/acme/app//.", DetailOptions{At: detailDay(10)}); err != nil || fs == nil || len(fs) != 0 {
				t.Errorf("findings of app: %v, %v; want none", fs, err)
			}
			if _, err := AssetFindings(ctx, st, "repo", "github.com/acme/app//.", DetailOptions{At: detailDay(1)}); !errors.Is(err, ErrNotFound) {
				t.Errorf("findings of app on day 1: %v; want not found", err)
			}
		})
	}
}

func TestDetailPolicy(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := detailHistory(t, url)
			d, err := PolicyAt(ctx, st, "TF-1", DetailOptions{At: detailDay(10)})
			if err != nil {
				t.Fatal(err)
			}
			if d.Judged != 4 || d.Passing != 2 || !d.Baseline || d.GoldenPath || d.Severity != "high" ||
				!reflect.DeepEqual(d.ByVerdict, map[string]int{"pass": 2, "fail": 2}) {
				t.Errorf("TF-1 at day 10: %+v", d)
			}
			want := []PolicyAsset{
				{Kind: "repo", ID: "github.com/acme/app//.", Team: NoTeam, Verdict: "fail", Since: detailDay(2)},
				{Kind: "terraform", ID: "github.com/acme/infra//db", Team: "team-a", Verdict: "fail", Since: detailDay(5)},
			}
			if !reflect.DeepEqual(d.Failing, want) {
				t.Errorf("TF-1 failing at day 10:\n got %+v\nwant %+v", d.Failing, want)
			}
			// Filters: team-a's; terraform's.
			if d, _ := PolicyAt(ctx, st, "TF-1", DetailOptions{At: detailDay(10), Filter: Filter{Team: "team-a"}}); d == nil || d.Judged != 2 || d.Passing != 1 || len(d.Failing) != 1 {
				t.Errorf("TF-1 of team-a: %+v", d)
			}
			if d, _ := PolicyAt(ctx, st, "TF-1", DetailOptions{At: detailDay(10), Filter: Filter{Team: NoTeam}}); d == nil || d.Judged != 1 || d.Passing != 0 {
				t.Errorf("TF-1 of (none): %+v", d)
			}
			if d, _ := PolicyAt(ctx, st, "TF-1", DetailOptions{At: detailDay(10), Filter: Filter{Kind: "terraform"}}); d == nil || d.Judged != 2 || d.Passing != 1 {
				t.Errorf("TF-1 of terraform: %+v", d)
			}
			// Day 40: old is stale.
			if d, _ := PolicyAt(ctx, st, "TF-1", DetailOptions{At: detailDay(40)}); d == nil || d.Judged != 3 || d.Passing != 1 {
				t.Errorf("TF-1 at day 40: %+v", d)
			}
			// Day 4: db passed then, app failed.
			if d, _ := PolicyAt(ctx, st, "TF-1", DetailOptions{At: detailDay(4)}); d == nil || d.Judged != 4 || d.Passing != 3 || len(d.Failing) != 1 {
				t.Errorf("TF-1 at day 4: %+v", d)
			}
			if d, _ := PolicyAt(ctx, st, "GP-1", DetailOptions{At: detailDay(10)}); d == nil || d.Baseline || !d.GoldenPath || d.Judged != 1 || d.Passing != 1 || d.Failing == nil || len(d.Failing) != 0 {
				t.Errorf("GP-1 at day 10: %+v", d)
			}
			if _, err := PolicyAt(ctx, st, "NOPE", DetailOptions{}); !errors.Is(err, ErrNotFound) {
				t.Errorf("unknown policy: %v, want not found", err)
			}
			ps, err := Policies(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != 3 || ps[0].ID != "GP-1" || ps[0].Baseline || !ps[0].GoldenPath || !reflect.DeepEqual(ps[0].Tags, []string{"golden-path"}) || !ps[1].Baseline || !ps[2].Baseline {
				t.Errorf("policies: %+v", ps)
			}
		})
	}
}

func TestDetailTeam(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := detailHistory(t, url)
			d, err := TeamAt(ctx, st, "team-a", DetailOptions{At: detailDay(10)})
			if err != nil {
				t.Fatal(err)
			}
			if d.Judged != 2 || d.Passing != 1 || d.Stale != 0 || len(d.Assets) != 2 {
				t.Fatalf("team-a at day 10: %+v", d)
			}
			db, net := d.Assets[0], d.Assets[1]
			if db.ID != "github.com/acme/infra//db" || db.Policies != 2 || db.Failing != 1 || db.Baseline != 2 || db.Passing || db.OpenFindings != 1 || !db.Live {
				t.Errorf("db: %+v", db)
			}
			if net.ID != "github.com/acme/infra//net" || net.Policies != 2 || net.Failing != 0 || !net.Passing || net.OpenFindings != 1 {
				t.Errorf("net: %+v", net)
			}
			// Day 4: both passing.
			if d, _ := TeamAt(ctx, st, "team-a", DetailOptions{At: detailDay(4)}); d == nil || d.Judged != 2 || d.Passing != 2 {
				t.Errorf("team-a at day 4: %+v", d)
			}
			// No owner: app fails TF-1 (GP-1 is not baseline).
			d, err = TeamAt(ctx, st, NoTeam, DetailOptions{At: detailDay(10)})
			if err != nil {
				t.Fatal(err)
			}
			if d.Judged != 1 || d.Passing != 0 || len(d.Assets) != 1 || d.Assets[0].Policies != 2 || d.Assets[0].Baseline != 1 || d.Assets[0].Failing != 1 {
				t.Errorf("(none) at day 10: %+v", d)
			}
			// Day 40: team-b's only asset is stale.
			if d, _ := TeamAt(ctx, st, "team-b", DetailOptions{At: detailDay(40)}); d == nil || d.Stale != 1 || d.Judged != 0 || d.Assets[0].Live {
				t.Errorf("team-b at day 40: %+v", d)
			}
			if _, err := TeamAt(ctx, st, "team-z", DetailOptions{}); !errors.Is(err, ErrNotFound) {
				t.Errorf("unknown team: %v, want not found", err)
			}
			if _, err := TeamAt(ctx, st, "team-a", DetailOptions{Filter: Filter{Kind: "repo"}}); !errors.Is(err, ErrNotFound) {
				t.Errorf("team-a's repositories: %v, want not found", err)
			}

			// A policy tagged baseline: only it counts (TF-2), and db
			// passes it.
			if _, err := st.DB().ExecContext(ctx, `UPDATE policies SET baseline_tag = 1 WHERE policy_id = 'TF-2'`); err != nil {
				t.Fatal(err)
			}
			if d, _ := TeamAt(ctx, st, "team-a", DetailOptions{At: detailDay(10)}); d == nil || d.Judged != 2 || d.Passing != 2 || d.Assets[0].Baseline != 1 {
				t.Errorf("team-a, TF-2 tagged baseline: %+v", d)
			}
			if a, _ := AssetAt(ctx, st, "terraform", "github.com/acme/infra//db", DetailOptions{At: detailDay(10)}); a == nil || !a.Passing || a.Verdicts[0].Baseline {
				t.Errorf("db, TF-2 tagged baseline: %+v", a)
			}
		})
	}
}

func TestDetailRuns(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := detailHistory(t, url)
			p, err := RunList(ctx, st, RunQuery{At: detailDay(10)})
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != 3 || len(p.Runs) != 3 || p.Runs[0].ID != "r10" || p.Runs[1].ID != "r5" || p.Runs[2].ID != "r0" {
				t.Fatalf("runs: %+v", p)
			}
			r5 := p.Runs[1]
			want := RunInfo{ID: "r5", Started: detailDay(5), Finished: detailDay(5).Add(time.Second), ToolVersion: "v1", PolicySetDigest: "sha256:set",
				FailOn: "high", Scope: "infra", Targets: 4, Results: 9, Blocking: 1, EvidenceDigest: "sha256:abc", EvidenceLocation: "oci://registry.example/ev:r5"}
			if r5 != want {
				t.Errorf("r5:\n got %+v\nwant %+v", r5, want)
			}
			if p, _ := RunList(ctx, st, RunQuery{At: detailDay(10), Evidence: true}); p == nil || p.Total != 1 || p.Runs[0].ID != "r5" {
				t.Errorf("runs with evidence: %+v", p)
			}
			if p, _ := RunList(ctx, st, RunQuery{At: detailDay(4)}); p == nil || p.Total != 1 || p.Runs[0].ID != "r0" {
				t.Errorf("runs by day 4: %+v", p)
			}
			if p, _ := RunList(ctx, st, RunQuery{At: detailDay(10), Offset: 1, Limit: 1}); p == nil || p.Total != 3 || len(p.Runs) != 1 || p.Runs[0].ID != "r5" {
				t.Errorf("second page of one: %+v", p)
			}
			if r, err := RunByID(ctx, st, "r5"); err != nil || *r != want {
				t.Errorf("run r5: %+v, %v", r, err)
			}
			if _, err := RunByID(ctx, st, "nope"); !errors.Is(err, ErrNotFound) {
				t.Errorf("unknown run: %v, want not found", err)
			}

			s, err := Stats(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			if s.Dialect != name || s.SchemaVersion < 4 || s.Rows["runs"] != 3 || s.Rows["verdicts"] != 9 || s.Rows["assets"] != 4 || s.Bytes <= 0 ||
				!s.FirstRun.Equal(detailDay(0)) || !s.LastRun.Equal(detailDay(10)) {
				t.Errorf("stats: %+v", s)
			}

			m1, err := ReadStoreMark(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.DB().ExecContext(ctx, `INSERT INTO runs (id, started_ns, finished_ns, tool_version, policy_set_digest, fail_on, targets, results, blocking)
VALUES ('old', $1, $1, 'v1', 'd', 'high', 0, 0, 0)`, detailNs(3)); err != nil {
				t.Fatal(err)
			}
			if m2, _ := ReadStoreMark(ctx, st); m2 == m1 {
				t.Errorf("store mark %+v unchanged by a run imported in the middle", m2)
			}
		})
	}
}

// A policy no run uses any more counts on the detail pages as in the
// KPIs: its last verdicts stop counting at the first run without it, on
// the assets that run judged, and keep counting on an asset no run has
// judged since.
//
//	policies P1, P2 high deny (baseline: none is tagged); P1's last run day 0
//	runs day 0, day 10 (without P1)
//	a1 (team-a, days 0-10): P1 fail [0,-), P2 pass [0,-)
//	a2 (team-b, day 0):     P1 fail [0,-), P2 pass [0,-)
func TestDetailDroppedPolicy(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			h := newHistory(t, url)
			h.run("r0", 0)
			h.run("r10", 10)
			h.policy("P1", "high", "deny", false, false, 0, 0)
			h.policy("P2", "high", "deny", false, false, 0, 10)
			h.asset("terraform", "a1", "r1", "team-a", 0, 10)
			h.asset("terraform", "a2", "r2", "team-b", 0, 0)
			for _, id := range []string{"a1", "a2"} {
				h.verdict("terraform", id, "P1", "fail", 0, open)
				h.verdict("terraform", id, "P2", "pass", 0, open)
			}
			for _, c := range []struct {
				at     float64
				a1, a2 bool // passing
			}{{5, false, false}, {12, true, false}} {
				rep := compute(t, h, Options{At: d(c.at)})
				o := DetailOptions{At: d(c.at)}
				for _, x := range []struct {
					id, team string
					passing  bool
				}{{"a1", "team-a", c.a1}, {"a2", "team-b", c.a2}} {
					share := rep.Coverage.ByTeam[x.team]
					if share.Assets != 1 || (share.Passing == 1) != x.passing {
						t.Errorf("day %g: Compute: %s %+v, want passing %v", c.at, x.team, share, x.passing)
					}
					a, err := AssetAt(ctx, h.st, "terraform", x.id, o)
					if err != nil {
						t.Fatal(err)
					}
					if a.Passing != x.passing {
						t.Errorf("day %g: AssetAt %s passing %v, Compute %v: %+v", c.at, x.id, a.Passing, x.passing, a.Verdicts)
					}
					td, err := TeamAt(ctx, h.st, x.team, o)
					if err != nil {
						t.Fatal(err)
					}
					if td.Judged != share.Assets || td.Passing != share.Passing || td.Assets[0].Passing != x.passing {
						t.Errorf("day %g: TeamAt %s judged %d passing %d, Compute %+v", c.at, x.team, td.Judged, td.Passing, share)
					}
				}
				p1, err := PolicyAt(ctx, h.st, "P1", o)
				if err != nil {
					t.Fatal(err)
				}
				if want := rep.Coverage.ByPolicy["P1"]; p1.Judged != want.Assets || p1.Passing != want.Passing {
					t.Errorf("day %g: PolicyAt P1 judged %d passing %d, Compute %+v", c.at, p1.Judged, p1.Passing, want)
				}
			}
			// On day 12, a1's page lists P2 only: P1 is gone for it.
			a, err := AssetAt(ctx, h.st, "terraform", "a1", DetailOptions{At: d(12)})
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Verdicts) != 1 || a.Verdicts[0].PolicyID != "P2" || a.Verdicts[0].Title != "title of P2" {
				t.Errorf("a1's verdicts on day 12: %+v, want P2 only", a.Verdicts)
			}
		})
	}
}
