package main

import (
	"time"

	"github.com/paved-dev/paved/internal/when"
)

// parseWhen reads a time flag (when.Parse: a date is its first instant),
// a usage error naming the flag when it is not one.
func parseWhen(flag, s string) (time.Time, error) {
	t, err := when.Parse(s, false)
	if err != nil {
		return time.Time{}, usageError("%s %v", flag, err)
	}
	return t, nil
}
