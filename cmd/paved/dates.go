package main

import (
	"time"
)

// parseWhen reads a time flag: a date (YYYY-MM-DD, the start of that day
// in UTC) or an RFC 3339 time.
func parseWhen(flag, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	if err == nil {
		t = t.UTC()
		// The store counts Unix nanoseconds, which end in 2262.
		if t.Year() < 1970 || t.Year() > 2200 {
			return time.Time{}, usageError("%s %q: want a time between 1970 and 2200", flag, s)
		}
		return t, nil
	}
	return time.Time{}, usageError("%s %q: want a date (2026-01-31) or an RFC 3339 time (2026-01-31T18:00:00Z)", flag, s)
}
