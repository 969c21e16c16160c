package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/store/storetest"
)

// bigRun is a run like a 50,000-component SBOM's: one target, n findings
// of two policies.
func bigRun(id string, day, n int) *engine.Report {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
	rep := &engine.Report{
		Run:      engine.Run{ID: id, StartedAt: start, FinishedAt: start.Add(time.Second)},
		FailOn:   "high",
		Policies: []*engine.Policy{{ID: "SBOM-011", Severity: "high", Enforcement: "deny"}, {ID: "SBOM-015", Severity: "medium", Enforcement: "deny"}},
		Targets:  []engine.TargetSummary{{TargetRef: *sbomTarget}},
		Results:  make([]engine.Result, n),
	}
	for i := range rep.Results {
		p := vulnPolicy
		if i%2 == 1 {
			p = slaPolicy
		}
		res := fmt.Sprintf("GHSA-%04d-xxxx-yyyy@pkg:maven/org.example/component-%d@1.%d.0", i, i, i%7)
		rep.Results[i] = engine.Result{Status: engine.StatusFail, Policy: p, Target: sbomTarget, Resource: res,
			Fingerprint: engine.Fingerprint(p.ID, sbomTarget.Identity(), res)}
	}
	return rep
}

// Recording a big run: allocations matter, since the whole report is
// live while it is written.
func BenchmarkRecordBigRun(b *testing.B) {
	for name, url := range storetest.URLs(b) {
		b.Run(name, func(b *testing.B) {
			s, err := Open(context.Background(), url)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if err := s.Record(context.Background(), bigRun(fmt.Sprint("big-", i), i, 42000)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
