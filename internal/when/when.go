// Package when reads the times paved's commands and dashboard are given:
// `paved kpi --at/--since`, `paved store prune --before`, `paved evidence
// verify --from/--to`, the dashboard's at= and since=.
package when

import (
	"fmt"
	"strings"
	"time"
)

// Parse reads a time: RFC 3339 (2026-06-30T12:00:00Z, any offset, read
// as UTC), or a date YYYY-MM-DD, a UTC day: its first instant, or with
// endOfDay its last, so that a period's bounds are inclusive (--at
// 2026-06-30 is the state after that day's runs). Times are bounded to
// 1970–2200: the store counts Unix nanoseconds, which end in 2262.
func Parse(s string, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) > 64 {
		return time.Time{}, fmt.Errorf("%.32q…: want a date YYYY-MM-DD or an RFC 3339 time", s)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err == nil && endOfDay {
		t = t.Add(24*time.Hour - 1)
	}
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return time.Time{}, fmt.Errorf("%q: want a date YYYY-MM-DD or an RFC 3339 time (2026-06-30T12:00:00Z)", s)
		}
	}
	t = t.UTC()
	if t.Year() < 1970 || t.Year() > 2200 {
		return time.Time{}, fmt.Errorf("%q: want a time between 1970 and 2200", s)
	}
	return t, nil
}
