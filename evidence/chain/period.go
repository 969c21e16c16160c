package chain

import (
	"fmt"
	"time"
)

// ParseTime reads a bound of a period: an RFC 3339 time, or a date
// (YYYY-MM-DD, UTC) standing for the whole day, so that a period's bounds
// are inclusive: as a start (end false) the day's first instant, as an
// end its last.
func ParseTime(s string, end bool) (time.Time, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		if end {
			return d.Add(24*time.Hour - time.Nanosecond), nil
		}
		return d, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: want a date (YYYY-MM-DD, UTC) or an RFC 3339 time (2006-01-02T15:04:05Z)", s)
	}
	return t, nil
}

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
