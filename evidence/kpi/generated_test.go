package kpi_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
	"github.com/paved-dev/paved/evidence/kpi/kpitest"
	"github.com/paved-dev/paved/evidence/store"
	"github.com/paved-dev/paved/evidence/store/storetest"
)

// The trend is worked out by other queries than the figures at one time
// (one pass for all points): on a generated history, messy as a fleet's,
// each point must say what Compute says at its time, for every team.
func TestTrendAgreesWithFiguresAtEachPoint(t *testing.T) {
	// 14 policies: the one dropped three quarters of the way (GEN-012) is
	// a baseline policy.
	p := kpitest.Params{Assets: 60, Policies: 14, Days: 45, End: time.Date(2026, 3, 31, 2, 0, 0, 0, time.UTC), Seed: 5}
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := kpitest.Generate(ctx, st, p, nil); err != nil {
				t.Fatal(err)
			}
			for _, filter := range []kpi.Filter{{}, {Team: "payments"}, {Kind: "terraform"}, {Team: kpi.NoTeam}} {
				// 7 points; with no filter 20 weeks back, 21 points: two
				// queries of points each.
				o := kpi.Options{At: p.End.Add(5 * time.Hour), Since: p.End.AddDate(0, 0, -p.Days-3), Filter: filter}
				points := 7
				if filter == (kpi.Filter{}) {
					o.Since, points = p.End.AddDate(0, 0, -20*7), 21
				}
				rep, err := kpi.Compute(ctx, st, o)
				if err != nil {
					t.Fatal(err)
				}
				if len(rep.Trends) != points || rep.Coverage.Assets == 0 && filter.Team == "" {
					t.Fatalf("%+v: %d points, %d assets", filter, len(rep.Trends), rep.Coverage.Assets)
				}
				for _, pt := range rep.Trends {
					at, err := kpi.Compute(ctx, st, kpi.Options{At: pt.At, Since: pt.At.Add(-7 * 24 * time.Hour), Filter: filter})
					if err != nil {
						t.Fatal(err)
					}
					var diffs []string
					check := func(what string, got, want float64) {
						if math.Abs(got-want) > 1e-9 {
							diffs = append(diffs, what)
							t.Errorf("%+v at %s: trend %s %v, figures %v", filter, pt.At.Format(time.DateOnly), what, got, want)
						}
					}
					check("coverage", pt.Coverage, at.Coverage.Overall)
					check("assets", float64(pt.Assets), float64(at.Coverage.Assets))
					check("adoption", pt.Adoption, at.Adoption.GoldenPath)
					check("repositories", float64(pt.Repositories), float64(at.Adoption.Repositories))
					for _, sev := range kpi.Severities() {
						check("open past SLA "+sev, float64(pt.OpenPastSLA[sev]), float64(at.SLA[sev].OpenPastSLA))
						check("median days "+sev, pt.MedianDays[sev], at.Remediation[sev].MedianDays)
					}
					if len(diffs) > 0 {
						t.Logf("%s differs", strings.Join(diffs, ", "))
					}
				}
			}
		})
	}
}
