package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
)

// Prune drops what ended before the date and keeps what held at it.
func TestPrune(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url)
			for _, rep := range []*engine.Report{
				tfRun(0, result(denyPolicy, "a", engine.StatusFail), result(denyPolicy, "b", engine.StatusFail)),
				tfRun(2, result(denyPolicy, "a", engine.StatusPass), result(denyPolicy, "b", engine.StatusWaived)),
				tfRun(5, result(denyPolicy, "a", engine.StatusPass), result(denyPolicy, "b", engine.StatusFail)),
				tfRun(9, result(denyPolicy, "a", engine.StatusPass), result(denyPolicy, "b", engine.StatusFail)),
			} {
				if err := s.Record(ctx, rep); err != nil {
					t.Fatal(err)
				}
			}
			before := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 4)
			dry, err := s.Prune(ctx, before, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := intervals(t, s); len(got) != 3 {
				t.Fatalf("a dry run removed intervals: %v", got)
			}
			p, err := s.Prune(ctx, before, false)
			if err != nil {
				t.Fatal(err)
			}
			if p != dry {
				t.Errorf("dry run counted %+v, prune did %+v", dry, p)
			}
			// Finding a (resolved on day 2) goes, and so does the asset's
			// TF-001 interval that ended on day 2 (fail); runs 0 and 2
			// go, since no finding or asset names them; b's waived span
			// (days 2..5) stays with b, still open.
			want := Pruned{Runs: 2, Findings: 1, Verdicts: 1}
			if p != want {
				t.Errorf("pruned %+v, want %+v", p, want)
			}
			if got, want := fmt.Sprint(intervals(t, s)), "[{TF-001 waived 2 5} {TF-001 fail 5 -1}]"; got != want {
				t.Errorf("intervals after prune %s, want %s", got, want)
			}
		})
	}
}

// An open finding last seen before the date stays while its target is
// still judged (here by partial runs that do not reach it): it is still
// open, and its SLA clock still runs. One on a target no longer judged
// goes.
func TestPruneKeepsOpenFindingsOfJudgedTargets(t *testing.T) {
	for name, url := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url)
			recordAll(t, s, run(0, result(vulnPolicy, "gone", engine.StatusFail)),
				tfRun(0, result(denyPolicy, "a", engine.StatusFail), result(denyPolicy, "b", engine.StatusFail)))
			for d := 1; d < 10; d++ {
				recordAll(t, s, partial(tfRun(d, result(denyPolicy, "a", engine.StatusFail)), true))
			}
			p, err := s.Prune(ctx, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 4), false)
			if err != nil {
				t.Fatal(err)
			}
			if p.Findings != 1 {
				t.Errorf("pruned %d findings, want 1 (the SBOM's, whose target is judged no more)", p.Findings)
			}
			fs, err := s.Findings(ctx, "terraform", tfTarget.Identity())
			if err != nil {
				t.Fatal(err)
			}
			var open []string
			for _, f := range fs {
				if f.Resolved.IsZero() {
					open = append(open, f.Resource)
				}
			}
			slices.Sort(open)
			if fmt.Sprint(open) != "[a b]" {
				t.Errorf("open findings after prune %v, want [a b]", open)
			}
		})
	}
}
