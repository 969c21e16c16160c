package main

import (
	"time"

	"github.com/paved-dev/paved/internal/when"
)

// parseWhen reads a time flag (when.Parse: a date is its first instant,
// or with endOfDay its last), a usage error naming the flag when it is
// not one.
func parseWhen(flag, s string, endOfDay bool) (time.Time, error) {
	t, err := when.Parse(s, endOfDay)
	if err != nil {
		return time.Time{}, usageError("%s %v", flag, err)
	}
	return t, nil
}
