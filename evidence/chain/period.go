package chain

import (
	"time"
)

// Period is the runs an auditor asks about: those that finished from From
// to To, both inclusive; a zero bound is open.
type Period struct {
	From time.Time
	To   time.Time
}

// Holds says whether a run that finished at t is in the period.
func (p Period) Holds(t time.Time) bool {
	return (p.From.IsZero() || !t.Before(p.From)) && (p.To.IsZero() || !t.After(p.To))
}
