// Package testenv is what a test needs from its machine beyond Go: a
// tool (git, pre-commit, Chromium), a service (PostgreSQL), the shared
// corpus. Missing, the test skips, saying what is missing and how to get
// it; under PAVED_REQUIRE_SERVICES=1, as .ci/run sets it, it fails
// instead, since a skip would hide that the test never ran.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// Required says whether missing tools and services fail tests
// (PAVED_REQUIRE_SERVICES=1).
func Required() bool { return os.Getenv("PAVED_REQUIRE_SERVICES") == "1" }

// Missing skips tb, or fails it when Required, with why.
func Missing(tb testing.TB, format string, a ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, a...)
	if Required() {
		tb.Fatalf("%s, and PAVED_REQUIRE_SERVICES=1", msg)
	}
	tb.Skipf("%s; PAVED_REQUIRE_SERVICES=1 makes this a failure", msg)
}

// Tool is the path of the first of names found on PATH; none found is
// Missing, with install saying how to get one.
func Tool(tb testing.TB, install string, names ...string) string {
	tb.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	Missing(tb, "%s is not installed (%s)", names[0], install)
	return ""
}
