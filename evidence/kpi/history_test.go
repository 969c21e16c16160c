package kpi

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/store"
	"github.com/paved-dev/paved/evidence/store/storetest"
)

// day0 is the start of the hand-built histories; d(x) is x days after it.
var day0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func d(x float64) time.Time { return day0.Add(time.Duration(x * float64(24*time.Hour))) }

// open is the interval end of a verdict or waiver still in force.
const open = math.MaxFloat64

// history writes rows straight into a store's tables, as Record would
// have left them: a history whose figures a test knows by hand.
type history struct {
	t  *testing.T
	st *store.Store
}

func (h *history) exec(q string, args ...any) {
	h.t.Helper()
	if _, err := h.st.DB().Exec(q, args...); err != nil {
		h.t.Fatalf("%s: %v", q, err)
	}
}

func ns(x float64) any {
	if x == open {
		return nil
	}
	return d(x).UnixNano()
}

func (h *history) run(id string, at float64) {
	h.t.Helper()
	h.exec(`INSERT INTO runs (id, started_ns, finished_ns, tool_version, policy_set_digest, fail_on, targets, results, blocking)
VALUES ($1, $2, $3, 'test', 'sha256:x', 'high', 0, 0, 0)`, id, ns(at), ns(at))
}

// asset is kind:id, in repo, owned by owner, judged from first to last.
func (h *history) asset(kind, id, repo, owner string, first, last float64) {
	h.t.Helper()
	h.exec(`INSERT INTO assets (target_kind, target_id, target_repo, target_path, owner, first_seen_ns, last_seen_ns, last_run)
VALUES ($1, $2, $3, '.', $4, $5, $6, 'r')`, kind, id, repo, owner, ns(first), ns(last))
}

// verdict is an asset's verdict on a policy over [from, to).
func (h *history) verdict(kind, id, policy, verdict string, from, to float64) {
	h.t.Helper()
	h.exec(`INSERT INTO verdicts (target_kind, target_id, policy_id, verdict, from_ns, to_ns) VALUES ($1, $2, $3, $4, $5, $6)`,
		kind, id, policy, verdict, ns(from), ns(to))
}

func (h *history) policy(id, severity, enforcement string, baseline, golden bool, first, last float64) {
	h.t.Helper()
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	h.exec(`INSERT INTO policies (policy_id, title, severity, kind, enforcement, tags, baseline_tag, golden_path, first_seen_ns, last_seen_ns)
VALUES ($1, $2, $3, 'terraform', $4, '', $5, $6, $7, $8)`, id, "title of "+id, severity, enforcement, b(baseline), b(golden), ns(first), ns(last))
}

// finding is a finding on kind:id, first seen at first, resolved at
// resolved (open: still open).
type finding struct {
	fp, severity, kind, id, status string
	first, resolved                float64
	waiverID, waiverOwner, expires string
	waived                         [][2]float64 // [from, to) spans
}

func (h *history) finding(f finding) {
	h.t.Helper()
	if f.status == "" {
		f.status = "fail"
	}
	h.exec(`INSERT INTO findings (fingerprint, policy_id, severity, target_kind, target_id, resource, status, waiver_id, waiver_owner, waiver_expires,
	first_seen_ns, last_seen_ns, resolved_ns, reopened, last_run, target_repo, target_path)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, 'run-0', '', '')`,
		f.fp, "P-"+f.fp, f.severity, f.kind, f.id, "res-"+f.fp, f.status, f.waiverID, f.waiverOwner, f.expires, ns(f.first), ns(f.first), ns(f.resolved))
	for _, w := range f.waived {
		h.exec(`INSERT INTO waived_periods (fingerprint, from_ns, to_ns, waiver_id, waiver_owner, waiver_expires) VALUES ($1, $2, $3, $4, $5, $6)`,
			f.fp, ns(w[0]), ns(w[1]), f.waiverID, f.waiverOwner, f.expires)
	}
}

// newHistory opens an empty store at url for a test.
func newHistory(t *testing.T, url string) *history {
	t.Helper()
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &history{t: t, st: st}
}

// fleet is the main hand-built history (docs in the comments are the
// answers' working). Runs every week, days 0 to 35.
//
// Policies: B1 high deny, B2 critical deny, B3 high warn (added day 14),
// B4 medium deny (last run day 14: gone from day 21), all tagged
// baseline; G1 low golden-path; N1 medium deny, untagged (so not
// baseline: some policy is tagged).
//
// Assets (kind, team, repository, judged):
//
//	a1 terraform payments r1 0..35  B1 pass; B2 fail [0,14) pass [14,); B3 fail [14,); G1 pass
//	a2 terraform payments r1 0..35  B1 pass; B2 pass; B3 pass [14,); B4 fail [0,) (B4 gone); G1 pass
//	a3 repo      search   r2 -300..35  B1 waived; B2 advisory; G1 fail [0,21) pass [21,)
//	a4 image     (none)   r3 0..35  B1 pass [0,28) error [28,); B2 pass; G1 fail
//	a5 terraform search   r2 0..0   B1 fail (stale after day 30)
//	a6 sbom      payments r4 35..35 B2 warn [35,)
//	a7 terraform checkout r4 0..35  B1 pass; G1 pass; N1 fail
func fleet(t *testing.T, url string) *history {
	h := newHistory(t, url)
	for _, day := range []float64{0, 7, 14, 21, 28, 35} {
		h.run(fmt.Sprintf("run-%g", day), day)
	}
	h.policy("B1", "high", "deny", true, false, 0, 35)
	h.policy("B2", "critical", "deny", true, false, 0, 35)
	h.policy("B3", "high", "warn", true, false, 14, 35)
	h.policy("B4", "medium", "deny", true, false, 0, 14)
	h.policy("G1", "low", "deny", false, true, 0, 35)
	h.policy("N1", "medium", "deny", false, false, 0, 35)

	h.asset("terraform", "a1", "r1", "payments", 0, 35)
	h.verdict("terraform", "a1", "B1", "pass", 0, open)
	h.verdict("terraform", "a1", "B2", "fail", 0, 14)
	h.verdict("terraform", "a1", "B2", "pass", 14, open)
	h.verdict("terraform", "a1", "B3", "fail", 14, open)
	h.verdict("terraform", "a1", "G1", "pass", 0, open)

	h.asset("terraform", "a2", "r1", "payments", 0, 35)
	h.verdict("terraform", "a2", "B1", "pass", 0, open)
	h.verdict("terraform", "a2", "B2", "pass", 0, open)
	h.verdict("terraform", "a2", "B3", "pass", 14, open)
	h.verdict("terraform", "a2", "B4", "fail", 0, open)
	h.verdict("terraform", "a2", "G1", "pass", 0, open)

	h.asset("repo", "a3", "r2", "search", -300, 35)
	h.verdict("repo", "a3", "B1", "waived", 0, open)
	h.verdict("repo", "a3", "B2", "advisory", 0, open)
	h.verdict("repo", "a3", "G1", "fail", 0, 21)
	h.verdict("repo", "a3", "G1", "pass", 21, open)

	h.asset("image", "a4", "r3", "", 0, 35)
	h.verdict("image", "a4", "B1", "pass", 0, 28)
	h.verdict("image", "a4", "B1", "error", 28, open)
	h.verdict("image", "a4", "B2", "pass", 0, open)
	h.verdict("image", "a4", "G1", "fail", 0, open)

	h.asset("terraform", "a5", "r2", "search", 0, 0)
	h.verdict("terraform", "a5", "B1", "fail", 0, open)

	h.asset("sbom", "a6", "r4", "payments", 35, 35)
	h.verdict("sbom", "a6", "B2", "warn", 35, open)

	h.asset("terraform", "a7", "r4", "checkout", 0, 35)
	h.verdict("terraform", "a7", "B1", "pass", 0, open)
	h.verdict("terraform", "a7", "G1", "pass", 0, open)
	h.verdict("terraform", "a7", "N1", "fail", 0, open)

	// Open findings. SLA days: critical 7, high 30, medium 90, low 180.
	for _, f := range []finding{
		{fp: "f1", severity: "critical", kind: "terraform", id: "a1", first: 0, resolved: open},
		// Waived from its first sighting to day 30: its clock ran from 30.
		{fp: "f2", severity: "critical", kind: "terraform", id: "a1", first: 0, resolved: open, waived: [][2]float64{{0, 30}}},
		// Ran 0-2, paused 2-30, resumed: 7.5 days at 35.5 (restarted, 5.5).
		{fp: "f3", severity: "critical", kind: "terraform", id: "a1", first: 0, resolved: open, waived: [][2]float64{{2, 30}}},
		{fp: "f4", severity: "high", kind: "terraform", id: "a1", first: 0, resolved: open, status: "waived",
			waiverID: "W-1", waiverOwner: "alice", expires: "2025-03-01", waived: [][2]float64{{28, open}}},
		{fp: "f5", severity: "medium", kind: "repo", id: "a3", first: -200, resolved: open, status: "warn"},
		{fp: "f6", severity: "low", kind: "repo", id: "a3", first: -200, resolved: open},
		{fp: "f7", severity: "high", kind: "repo", id: "a3", first: -10, resolved: open, status: "error"},
		{fp: "f8", severity: "high", kind: "terraform", id: "a5", first: 0, resolved: open},
		{fp: "f9", severity: "high", kind: "terraform", id: "a1", first: 20, resolved: open},
		{fp: "f10", severity: "critical", kind: "image", id: "a4", first: 34, resolved: open, status: "waived",
			waiverID: "W-3", waiverOwner: "carol", waived: [][2]float64{{34, open}}},
		{fp: "f11", severity: "high", kind: "terraform", id: "a2", first: 25, resolved: open, status: "waived",
			waiverID: "W-2", waiverOwner: "bob", expires: "2025-02-15", waived: [][2]float64{{30, open}}},
		// Resolved. High: 10, 20, 30, 33, 35 days (r4's SLA age 25).
		{fp: "r1", severity: "high", kind: "terraform", id: "a1", first: 0, resolved: 10},
		{fp: "r2", severity: "high", kind: "terraform", id: "a1", first: 0, resolved: 20},
		{fp: "r3", severity: "high", kind: "terraform", id: "a1", first: 5, resolved: 35},
		{fp: "r4", severity: "high", kind: "terraform", id: "a1", first: 0, resolved: 35, waived: [][2]float64{{0, 10}}},
		{fp: "r5", severity: "high", kind: "terraform", id: "a1", first: 0, resolved: 33},
		// Critical: 2, 9, 4, 1 days.
		{fp: "r6", severity: "critical", kind: "repo", id: "a3", first: 1, resolved: 3},
		{fp: "r7", severity: "critical", kind: "repo", id: "a3", first: 0, resolved: 9},
		{fp: "r8", severity: "critical", kind: "repo", id: "a3", first: 20, resolved: 24},
		{fp: "r9", severity: "critical", kind: "repo", id: "a3", first: 10, resolved: 11},
		{fp: "r10", severity: "critical", kind: "repo", id: "a3", first: 0, resolved: 30, status: "error"},
		{fp: "r11", severity: "critical", kind: "repo", id: "a3", first: -5, resolved: -1},
		// Low: resolved at the very time shown.
		{fp: "r12", severity: "low", kind: "image", id: "a4", first: 0, resolved: 35.5},
	} {
		h.finding(f)
	}
	return h
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func checkShare(t *testing.T, what string, got Share, passing, assets int) {
	t.Helper()
	if got.Passing != passing || got.Assets != assets || !near(got.Value, ratio(passing, assets)) {
		t.Errorf("%s = %d/%d (%v), want %d/%d", what, got.Passing, got.Assets, got.Value, passing, assets)
	}
}

func checkShares(t *testing.T, what string, got map[string]Share, want map[string][2]int) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s has %d keys %v, want %d %v", what, len(got), got, len(want), want)
	}
	for k, w := range want {
		checkShare(t, what+"["+k+"]", got[k], w[0], w[1])
	}
}

func compute(t *testing.T, h *history, o Options) *Report {
	t.Helper()
	rep, err := Compute(context.Background(), h.st, o)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// The figures of the fleet at day 35.5, worked out by hand.
func TestFleetNow(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			h := fleet(t, url)
			rep := compute(t, h, Options{At: d(35.5), Since: d(0)})

			c := rep.Coverage
			if c.Baseline != "tagged" {
				t.Errorf("baseline %q, want tagged", c.Baseline)
			}
			// a5 is stale; a1 (B3), a4 (B1 error) and a6 (B2 warn) fail; a2
			// passes (B4 is gone), a3 (waived, advisory) and a7 (N1 is not
			// baseline) pass.
			checkShare(t, "coverage", Share{Value: c.Overall, Passing: c.Passing, Assets: c.Assets}, 3, 6)
			checkShares(t, "by_team", c.ByTeam, map[string][2]int{"payments": {1, 3}, "search": {1, 1}, NoTeam: {0, 1}, "checkout": {1, 1}})
			checkShares(t, "by_kind", c.ByKind, map[string][2]int{"terraform": {2, 3}, "repo": {1, 1}, "image": {0, 1}, "sbom": {0, 1}})
			checkShares(t, "by_policy", c.ByPolicy, map[string][2]int{"B1": {4, 5}, "B2": {4, 5}, "B3": {1, 2}})
			checkShares(t, "by_severity", c.BySeverity, map[string][2]int{"high": {3, 5}, "critical": {4, 5}})

			// r1 (a1, a2), r2 (a3; a5 stale), r3 (a4 fails G1), r4 (a7; a6
			// has no G1 verdict; payments and checkout tie: checkout).
			a := rep.Adoption
			checkShare(t, "adoption", Share{Value: a.GoldenPath, Passing: a.Passing, Assets: a.Repositories}, 3, 4)
			checkShares(t, "adoption by_team", a.ByTeam, map[string][2]int{"payments": {1, 1}, "search": {1, 1}, NoTeam: {0, 1}, "checkout": {1, 1}})

			rem := map[string]Remed{
				"critical": {Resolved: 4, MedianDays: 3, P90Days: 7.5},   // 1 2 4 9
				"high":     {Resolved: 5, MedianDays: 30, P90Days: 34.2}, // 10 20 30 33 35
				"medium":   {},
				"low":      {Resolved: 1, MedianDays: 35.5, P90Days: 35.5},
			}
			for sev, w := range rem {
				g := rep.Remediation[sev]
				if g.Resolved != w.Resolved || !near(g.MedianDays, w.MedianDays) || !near(g.P90Days, w.P90Days) {
					t.Errorf("remediation %s = %+v, want %+v", sev, g, w)
				}
			}
			sla := map[string]SLA{
				// f1 28.5 days past; f2's clock ran 5.5 days; f3's 7.5.
				"critical": {Days: 7, Open: 3, OpenPastSLA: 2, WithinSLA: 0.75, PastSLABuckets: map[string]int{"0-7d": 1, "7-30d": 1, "30-90d": 0, "90d+": 0}},
				"high":     {Days: 30, Open: 1, OpenPastSLA: 0, WithinSLA: 0.8, PastSLABuckets: buckets()},
				"medium":   {Days: 90, Open: 1, OpenPastSLA: 1, WithinSLA: 1, PastSLABuckets: map[string]int{"0-7d": 0, "7-30d": 0, "30-90d": 0, "90d+": 1}},
				"low":      {Days: 180, Open: 1, OpenPastSLA: 1, WithinSLA: 1, PastSLABuckets: map[string]int{"0-7d": 0, "7-30d": 0, "30-90d": 1, "90d+": 0}},
			}
			for sev, w := range sla {
				g := rep.SLA[sev]
				if g.Days != w.Days || g.Open != w.Open || g.OpenPastSLA != w.OpenPastSLA || !near(g.WithinSLA, w.WithinSLA) || fmt.Sprint(g.PastSLABuckets) != fmt.Sprint(w.PastSLABuckets) {
					t.Errorf("sla %s = %+v, want %+v", sev, g, w)
				}
			}

			w := rep.Waived
			if w.Open != 3 || w.BySeverity["critical"] != 1 || w.BySeverity["high"] != 2 || w.BySeverity["medium"] != 0 {
				t.Errorf("waived = %d %v, want 3 (critical 1, high 2)", w.Open, w.BySeverity)
			}
			var order []string
			for _, f := range w.Expiring {
				order = append(order, f.Fingerprint+" "+f.WaiverID+" "+f.Owner+" "+f.Expires)
			}
			if want := "[f11 W-2 bob 2025-02-15 f4 W-1 alice 2025-03-01 f10 W-3 carol ]"; fmt.Sprint(order) != want {
				t.Errorf("expiring %v, want %s", order, want)
			}
			if f := w.Expiring[0]; f.Target != "terraform:a2" || f.Severity != "high" || f.PolicyID != "P-f11" || f.Resource != "res-f11" {
				t.Errorf("expiring[0] = %+v", f)
			}

			if len(rep.PolicySet) != 2 || !rep.PolicySet[0].At.Equal(d(14)) || fmt.Sprint(rep.PolicySet[0].Added) != "[B3]" || rep.PolicySet[0].Removed != nil ||
				!rep.PolicySet[1].At.Equal(d(21)) || fmt.Sprint(rep.PolicySet[1].Removed) != "[B4]" || rep.PolicySet[1].Added != nil {
				t.Errorf("policy changes %+v, want B3 added day 14, B4 gone day 21", rep.PolicySet)
			}

			s := rep.Store
			if s.Runs != 6 || s.Assets != 7 || !s.FirstRun.Equal(d(0)) || !s.LastRun.Equal(d(35)) || s.StaleDays != 30 {
				t.Errorf("store facts %+v", s)
			}
			if rep.Schema != Schema || !rep.At.Equal(d(35.5)) || !rep.Since.Equal(d(0)) {
				t.Errorf("report head %s %s %s", rep.Schema, rep.At, rep.Since)
			}
		})
	}
}

// The weekly trend from day 0.5 to 35.5.
func TestFleetTrends(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			h := fleet(t, url)
			rep := compute(t, h, Options{At: d(35.5), Since: d(0)})
			type want struct {
				at                float64
				passing, assets   int
				adoption          float64
				policyChange      bool
				critMedian, hiMed float64
				lowMedian         float64
				pastCrit, pastMed int
				pastLow, pastHigh int
				checkPast         bool
			}
			wants := []want{
				// a1 (B2), a2 (B4, still run), a5 fail. r2, r3 fail G1. The
				// first week starts before Since: r11, resolved on day -1.
				{at: 0.5, passing: 3, assets: 6, adoption: 0.5, critMedian: 4},
				{at: 7.5, passing: 3, assets: 6, adoption: 0.5, critMedian: 2},
				// B3 added on day 14.
				{at: 14.5, passing: 3, assets: 6, adoption: 0.5, policyChange: true, critMedian: 5, hiMed: 10},
				// B4 gone on day 21: a2 passes; a3 passes G1.
				{at: 21.5, passing: 4, assets: 6, adoption: 0.75, policyChange: true, hiMed: 20},
				// a4's B1 errs from day 28. Past SLA: f1 (critical), f5, f6.
				{at: 28.5, passing: 3, assets: 6, adoption: 0.75, critMedian: 4, checkPast: true, pastCrit: 1, pastMed: 1, pastLow: 1},
				{at: 35.5, passing: 3, assets: 6, adoption: 0.75, hiMed: 33, lowMedian: 35.5, checkPast: true, pastCrit: 2, pastMed: 1, pastLow: 1},
			}
			if len(rep.Trends) != len(wants) {
				t.Fatalf("%d points, want %d: %+v", len(rep.Trends), len(wants), rep.Trends)
			}
			for i, w := range wants {
				p := rep.Trends[i]
				if !p.At.Equal(d(w.at)) || !near(p.Coverage, ratio(w.passing, w.assets)) || p.Assets != w.assets || !near(p.Adoption, w.adoption) || p.PolicyChange != w.policyChange {
					t.Errorf("point %g: at %s coverage %v assets %d adoption %v change %v, want coverage %d/%d adoption %v change %v",
						w.at, p.At, p.Coverage, p.Assets, p.Adoption, p.PolicyChange, w.passing, w.assets, w.adoption, w.policyChange)
				}
				if !near(p.MedianDays["critical"], w.critMedian) || !near(p.MedianDays["high"], w.hiMed) || !near(p.MedianDays["low"], w.lowMedian) || p.MedianDays["medium"] != 0 {
					t.Errorf("point %g: medians %v, want critical %g high %g low %g", w.at, p.MedianDays, w.critMedian, w.hiMed, w.lowMedian)
				}
				if w.checkPast && (p.OpenPastSLA["critical"] != w.pastCrit || p.OpenPastSLA["high"] != w.pastHigh || p.OpenPastSLA["medium"] != w.pastMed || p.OpenPastSLA["low"] != w.pastLow) {
					t.Errorf("point %g: open past SLA %v, want critical %d high %d medium %d low %d", w.at, p.OpenPastSLA, w.pastCrit, w.pastHigh, w.pastMed, w.pastLow)
				}
			}
		})
	}
}

// The state at a past time: day 20, when B4 was still run, a3 still
// failed G1 and a5 was not stale.
func TestFleetAtPastTime(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			h := fleet(t, url)
			rep := compute(t, h, Options{At: d(20), Since: d(0)})
			c := rep.Coverage
			// a1 (B3), a2 (B4), a5 fail; a3, a4, a7 pass.
			checkShare(t, "coverage", Share{Value: c.Overall, Passing: c.Passing, Assets: c.Assets}, 3, 6)
			checkShares(t, "by_policy", c.ByPolicy, map[string][2]int{"B1": {5, 6}, "B2": {4, 4}, "B3": {1, 2}, "B4": {0, 1}})
			checkShares(t, "by_team", c.ByTeam, map[string][2]int{"payments": {0, 2}, "search": {1, 2}, NoTeam: {1, 1}, "checkout": {1, 1}})
			// r1 passes; r2 (a3) and r3 (a4) fail; r4 (a7) passes.
			if a := rep.Adoption; a.Passing != 2 || a.Repositories != 4 {
				t.Errorf("adoption %d/%d, want 2/4", a.Passing, a.Repositories)
			}
			// Resolved in (0, 20]: high r1 (10), r2 (20); critical 2, 9, 1.
			if r := rep.Remediation["high"]; r.Resolved != 2 || !near(r.MedianDays, 15) || !near(r.P90Days, 19) {
				t.Errorf("high remediation %+v, want 2, 15, 19", r)
			}
			if r := rep.Remediation["critical"]; r.Resolved != 3 || !near(r.MedianDays, 2) || !near(r.P90Days, 7.6) {
				t.Errorf("critical remediation %+v, want 3, 2, 7.6", r)
			}
			// Open at 20: f1 (20 days) and r8 (first seen 20), f2 and f3
			// waived; high f4 (its waiver starts on day 28), r3, r4 (20 −
			// 10 waived), r5, f8 (a5 live), f9 (first seen 20); r12.
			if s := rep.SLA["critical"]; s.Open != 2 || s.OpenPastSLA != 1 || s.PastSLABuckets["7-30d"] != 1 {
				t.Errorf("critical SLA %+v, want f1 and r8 open, f1 13 days past", s)
			}
			if s := rep.SLA["high"]; s.Open != 6 || s.OpenPastSLA != 0 {
				t.Errorf("high SLA %+v, want f4 r3 r4 r5 f8 f9 open, none past", s)
			}
			if s := rep.SLA["low"]; s.Open != 2 || s.OpenPastSLA != 1 {
				t.Errorf("low SLA %+v, want f6 (past) and r12", s)
			}
			if w := rep.Waived; w.Open != 2 || w.BySeverity["critical"] != 2 {
				t.Errorf("waived %+v, want f2 and f3", w)
			}
			if len(rep.PolicySet) != 1 || fmt.Sprint(rep.PolicySet[0].Added) != "[B3]" {
				t.Errorf("policy changes %+v, want B3 alone", rep.PolicySet)
			}
		})
	}
}

func TestFleetFilters(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			h := fleet(t, url)
			rep := compute(t, h, Options{At: d(35.5), Since: d(0), Filter: Filter{Team: "payments"}})
			c := rep.Coverage
			checkShare(t, "payments coverage", Share{Value: c.Overall, Passing: c.Passing, Assets: c.Assets}, 1, 3)
			checkShares(t, "payments by_kind", c.ByKind, map[string][2]int{"terraform": {1, 2}, "sbom": {0, 1}})
			checkShares(t, "payments adoption", rep.Adoption.ByTeam, map[string][2]int{"payments": {1, 1}})
			if r := rep.Remediation; r["high"].Resolved != 5 || r["critical"].Resolved != 0 || r["low"].Resolved != 0 {
				t.Errorf("payments remediation %+v: want the 5 high of a1", r)
			}
			if s := rep.SLA; s["critical"].Open != 3 || s["critical"].OpenPastSLA != 2 || s["high"].Open != 1 || s["medium"].Open != 0 {
				t.Errorf("payments SLA %+v", s)
			}
			if w := rep.Waived; w.Open != 2 || len(w.Expiring) != 2 {
				t.Errorf("payments waived %+v, want f4 and f11", w)
			}
			if p := rep.Trends[len(rep.Trends)-1]; p.Assets != 3 || !near(p.MedianDays["high"], 33) {
				t.Errorf("payments last point %+v", p)
			}
			if rep.Filter.Team != "payments" {
				t.Errorf("filter %+v", rep.Filter)
			}

			rep = compute(t, h, Options{At: d(35.5), Since: d(0), Filter: Filter{Team: NoTeam}})
			if c := rep.Coverage; c.Assets != 1 || c.Passing != 0 || rep.Waived.Open != 1 || rep.Remediation["low"].Resolved != 1 {
				t.Errorf("team (none): coverage %d/%d, waived %d, low resolved %d; want a4's", c.Passing, c.Assets, rep.Waived.Open, rep.Remediation["low"].Resolved)
			}

			rep = compute(t, h, Options{At: d(35.5), Since: d(0), Filter: Filter{Kind: "repo"}})
			if c := rep.Coverage; c.Assets != 1 || c.Passing != 1 {
				t.Errorf("kind repo: coverage %d/%d, want 1/1", c.Passing, c.Assets)
			}
			if s := rep.SLA; s["medium"].OpenPastSLA != 1 || s["low"].OpenPastSLA != 1 || s["critical"].Open != 0 || rep.Remediation["critical"].Resolved != 4 {
				t.Errorf("kind repo: SLA %+v, remediation %+v", s, rep.Remediation)
			}

			rep = compute(t, h, Options{At: d(35.5), Since: d(0), Filter: Filter{Team: "payments", Kind: "sbom"}})
			if c := rep.Coverage; c.Assets != 1 || c.Passing != 0 || rep.Adoption.Repositories != 0 {
				t.Errorf("payments sbom: coverage %d/%d adoption over %d repositories", c.Passing, c.Assets, rep.Adoption.Repositories)
			}
		})
	}
}

// Stale days and SLA days come from the options.
func TestFleetOptions(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			h := fleet(t, url)
			// a5, last judged on day 0, is live for 40 days.
			rep := compute(t, h, Options{At: d(35.5), Since: d(0), StaleDays: 40, SLA: map[string]int{"critical": 30, "low": 300}})
			if c := rep.Coverage; c.Passing != 3 || c.Assets != 7 || rep.Store.StaleDays != 40 {
				t.Errorf("stale 40: coverage %d/%d, want 3/7", c.Passing, c.Assets)
			}
			// f8 on a5 is open again; f1 is 5.5 days past a 30-day SLA.
			if s := rep.SLA["high"]; s.Open != 2 {
				t.Errorf("high open %d, want f8 and f9", s.Open)
			}
			if s := rep.SLA["critical"]; s.Days != 30 || s.OpenPastSLA != 1 || s.PastSLABuckets["0-7d"] != 1 || !near(s.WithinSLA, 1) {
				t.Errorf("critical SLA %+v: want 30 days, f1 past by 5.5", s)
			}
			if s := rep.SLA["low"]; s.Days != 300 || s.OpenPastSLA != 0 || rep.SLA["high"].Days != 30 {
				t.Errorf("low SLA %+v", s)
			}
		})
	}
}

// Without a policy tagged baseline, every deny policy is: a warn policy's
// violation fails nothing.
func TestBaselineIsDenyWithoutTags(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			h := newHistory(t, url)
			h.run("run-0", 0)
			h.policy("D1", "high", "deny", false, false, 0, 0)
			h.policy("W1", "high", "warn", false, false, 0, 0)
			h.asset("repo", "x", "rx", "t", 0, 0)
			h.verdict("repo", "x", "D1", "pass", 0, open)
			h.verdict("repo", "x", "W1", "warn", 0, open)
			h.asset("repo", "y", "ry", "t", 0, 0)
			h.verdict("repo", "y", "D1", "fail", 0, open)
			h.asset("repo", "z", "rz", "t", 0, 0) // judged by W1 alone: not counted
			h.verdict("repo", "z", "W1", "pass", 0, open)
			rep := compute(t, h, Options{At: d(1)})
			c := rep.Coverage
			if c.Baseline != "deny" || c.Passing != 1 || c.Assets != 2 || len(c.ByPolicy) != 1 {
				t.Errorf("coverage %+v, want deny baseline, 1/2, D1 alone", c)
			}
		})
	}
}

// A store with nothing in it has figures of nothing, not errors.
func TestEmptyStore(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			h := newHistory(t, url)
			rep := compute(t, h, Options{})
			if rep.Coverage.Assets != 0 || rep.Coverage.Overall != 0 || len(rep.Trends) != DefaultWeeks+1 || rep.Store.Runs != 0 ||
				rep.SLA["critical"].WithinSLA != 1 || rep.SLA["critical"].Days != 7 || len(rep.Remediation) != 4 {
				t.Errorf("empty store: %+v", rep)
			}
			if time.Since(rep.At) > time.Minute {
				t.Errorf("at %s, want now", rep.At)
			}
		})
	}
}

func TestOptionsRefused(t *testing.T) {
	for _, o := range []Options{
		{At: d(1), Since: d(2)},
		{At: d(1), Since: d(1)},
		{At: d(0), Since: d(-365 * 6)},
		{SLA: map[string]int{"urgent": 3}},
		{SLA: map[string]int{"high": 0}},
		{StaleDays: -1},
		{At: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if _, err := normalize(o, d(100)); err == nil {
			t.Errorf("normalize(%+v) accepted", o)
		}
	}
}

// On PostgreSQL, the median and p90 match its own percentile_cont.
func TestPercentilesMatchPostgres(t *testing.T) {
	url := storetest.Postgres(t)
	if url == "" {
		t.Skip("PAVED_TEST_POSTGRES_URL not set")
	}
	h := fleet(t, url)
	rep := compute(t, h, Options{At: d(35.5), Since: d(0)})
	for _, sev := range []string{"critical", "high", "low"} {
		var med, p90 float64
		err := h.st.DB().QueryRow(`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ((resolved_ns - first_seen_ns) / 86400e9)::float8),
	percentile_cont(0.9) WITHIN GROUP (ORDER BY ((resolved_ns - first_seen_ns) / 86400e9)::float8)
FROM findings WHERE status <> 'error' AND severity = $1 AND resolved_ns > $2 AND resolved_ns <= $3`, sev, d(0).UnixNano(), d(35.5).UnixNano()).Scan(&med, &p90)
		if err != nil {
			t.Fatal(err)
		}
		if r := rep.Remediation[sev]; math.Abs(r.MedianDays-med) > 1e-9 || math.Abs(r.P90Days-p90) > 1e-9 {
			t.Errorf("%s: median %v p90 %v, PostgreSQL says %v %v", sev, r.MedianDays, r.P90Days, med, p90)
		}
	}
}
