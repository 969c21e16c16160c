package store

import (
	"context"
	"fmt"
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
