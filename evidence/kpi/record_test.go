package kpi_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/kpi"
	"github.com/paved-dev/paved/evidence/store"
	"github.com/paved-dev/paved/evidence/store/storetest"
)

// e2eDay is x days after the first run of the end-to-end history.
func e2eDay(x float64) time.Time {
	return time.Date(2025, 3, 3, 2, 0, 0, 0, time.UTC).Add(time.Duration(x * float64(24*time.Hour)))
}

// verdicts are one run's results: target → policy → status ("" not run).
type runResults map[*engine.TargetRef]map[string]engine.Status

// record writes one run of the given policies and results through
// store.Record, as paved check --store does.
func record(t *testing.T, st *store.Store, day float64, policies []*engine.Policy, results runResults, waivers ...*engine.Waiver) {
	t.Helper()
	at := e2eDay(day)
	rep := &engine.Report{
		Schema:    "paved.report/v1",
		Tool:      engine.Tool{Name: "paved", Version: "test"},
		Run:       engine.Run{ID: fmt.Sprintf("run-%g", day), StartedAt: at, FinishedAt: at.Add(time.Minute)},
		PolicySet: engine.PolicySetInfo{Digest: fmt.Sprintf("sha256:%d", len(policies)), Count: len(policies)},
		FailOn:    "high",
		Policies:  policies,
		Waivers:   waivers,
	}
	refs := map[string]*engine.PolicyRef{}
	for _, p := range policies {
		r := p.Ref()
		refs[p.ID] = &r
	}
	for _, target := range []*engine.TargetRef{tfA, repoB} {
		statuses, ok := results[target]
		if !ok {
			continue
		}
		rep.Targets = append(rep.Targets, engine.TargetSummary{TargetRef: *target, Resources: 1})
		for _, p := range policies {
			st, ok := statuses[p.ID]
			if !ok {
				continue
			}
			r := engine.Result{Status: st, Policy: refs[p.ID], Target: target, Resource: "res",
				Fingerprint: engine.Fingerprint(p.ID, target.Identity(), "res")}
			if st == engine.StatusWaived {
				r.WaiverID = waivers[0].ID
			}
			rep.Results = append(rep.Results, r)
		}
	}
	rep.Summary = engine.Summarize(rep.Results, rep.FailOn)
	if err := st.Record(context.Background(), rep); err != nil {
		t.Fatal(err)
	}
}

var (
	tfA   = &engine.TargetRef{Kind: "terraform", ID: "infra", Repo: "github.com/acme/a", Path: "infra", Owner: "payments"}
	repoB = &engine.TargetRef{Kind: "repo", ID: ".", Repo: "github.com/acme/b", Path: ".", Owner: "search"}
)

// The KPIs of a history written through store.Record, run by run: the
// store's tables as Record fills them mean what evidence/kpi reads.
//
//	day 0   a: P1 pass, P2 fail (F1), G pass      b: P1 fail (F2), P2 pass, G fail
//	day 7   a: P1 pass, P2 waived (W-1), G pass   b: P1 fail, P2 pass, G pass
//	day 14  a: P1 pass, P2 fail, G pass           b: P1 pass (F2 resolved), P2 pass, G pass, P3 pass (new)
func TestThroughRecord(t *testing.T) {
	pol := func(id, sev string, tags ...string) *engine.Policy {
		return &engine.Policy{ID: id, Title: id, Severity: sev, Kind: "terraform", Enforcement: "deny", Tags: tags}
	}
	p1, p2, g, p3 := pol("P1", "high", "baseline"), pol("P2", "critical", "baseline"), pol("G", "low", "golden-path"), pol("P3", "medium", "baseline")
	const pass, fail, waived = engine.StatusPass, engine.StatusFail, engine.StatusWaived
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			record(t, st, 0, []*engine.Policy{p1, p2, g}, runResults{
				tfA:   {"P1": pass, "P2": fail, "G": pass},
				repoB: {"P1": fail, "P2": pass, "G": fail},
			})
			record(t, st, 7, []*engine.Policy{p1, p2, g}, runResults{
				tfA:   {"P1": pass, "P2": waived, "G": pass},
				repoB: {"P1": fail, "P2": pass, "G": pass},
			}, &engine.Waiver{ID: "W-1", Policy: "P2", Owner: "alice", Expires: "2025-03-16", Reason: "r", Status: "active"})
			record(t, st, 14, []*engine.Policy{p1, p2, g, p3}, runResults{
				tfA:   {"P1": pass, "P2": fail, "G": pass},
				repoB: {"P1": pass, "P2": pass, "G": pass, "P3": pass},
			})

			at := e2eDay(14).Add(time.Hour)
			rep, err := kpi.Compute(ctx, st, kpi.Options{At: at, Since: e2eDay(-1)})
			if err != nil {
				t.Fatal(err)
			}
			c := rep.Coverage
			if c.Baseline != "tagged" || c.Passing != 1 || c.Assets != 2 || c.ByTeam["payments"].Passing != 0 || c.ByTeam["search"].Passing != 1 ||
				c.ByPolicy["P3"].Assets != 1 || c.ByPolicy["P2"].Passing != 1 || c.BySeverity["critical"].Assets != 2 {
				t.Errorf("coverage at day 14: %+v", c)
			}
			if a := rep.Adoption; a.Repositories != 2 || a.Passing != 2 {
				t.Errorf("adoption at day 14: %+v", a)
			}
			// F2 (high) lived 14 days.
			if r := rep.Remediation["high"]; r.Resolved != 1 || r.MedianDays != 14 || r.P90Days != 14 {
				t.Errorf("high remediation %+v", r)
			}
			// F1's clock ran days 0-7, paused 7-14 while waived, and ran
			// again from 14: 7 days and an hour, an hour past its SLA.
			if s := rep.SLA["critical"]; s.Open != 1 || s.OpenPastSLA != 1 || s.PastSLABuckets["0-7d"] != 1 {
				t.Errorf("critical SLA %+v", s)
			}
			if rep.Waived.Open != 0 {
				t.Errorf("waived at day 14: %+v", rep.Waived)
			}
			if len(rep.PolicySet) != 1 || fmt.Sprint(rep.PolicySet[0].Added) != "[P3]" || !rep.PolicySet[0].At.Equal(e2eDay(14)) {
				t.Errorf("policy changes %+v", rep.PolicySet)
			}
			if last := rep.Trends[len(rep.Trends)-1]; !last.PolicyChange || last.Coverage != 0.5 || last.Assets != 2 {
				t.Errorf("last point %+v", last)
			}
			if s := rep.Store; s.Runs != 3 || s.Assets != 2 {
				t.Errorf("store %+v", s)
			}

			// Day 7: a passes (P2 waived), b fails P1; F1 is waived.
			rep, err = kpi.Compute(ctx, st, kpi.Options{At: e2eDay(7).Add(time.Hour), Since: e2eDay(-1)})
			if err != nil {
				t.Fatal(err)
			}
			if c := rep.Coverage; c.Passing != 1 || c.Assets != 2 || c.ByTeam["payments"].Passing != 1 {
				t.Errorf("coverage at day 7: %+v", c)
			}
			// The waiver is the one in force then, though by day 14 the
			// finding is no longer waived.
			w := rep.Waived
			if w.Open != 1 || len(w.Expiring) != 1 || w.Expiring[0].PolicyID != "P2" || w.Expiring[0].Target != "terraform:github.com/acme/a//infra" ||
				w.Expiring[0].WaiverID != "W-1" || w.Expiring[0].Owner != "alice" || w.Expiring[0].Expires != "2025-03-16" {
				t.Errorf("waived at day 7: %+v", w)
			}
			if s := rep.SLA["critical"]; s.Open != 0 {
				t.Errorf("critical SLA at day 7: %+v: F1 is waived", s)
			}
			// Day 0: b fails the golden path.
			rep, err = kpi.Compute(ctx, st, kpi.Options{At: e2eDay(0).Add(time.Hour), Since: e2eDay(-1)})
			if err != nil {
				t.Fatal(err)
			}
			if a := rep.Adoption; math.Abs(a.GoldenPath-0.5) > 1e-9 || a.ByTeam["search"].Passing != 0 {
				t.Errorf("adoption at day 0: %+v", a)
			}
		})
	}
}
