// Package testpolicies loads the built-in policies for tests that judge a
// loader's output with them.
package testpolicies

import (
	"context"
	"io/fs"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/policies"
)

// Set is the built-in policies under dirs (terraform, sbom…; none: every
// one), with their helper library, parsed in full.
func Set(tb testing.TB, dirs ...string) *engine.PolicySet {
	tb.Helper()
	if len(dirs) == 0 {
		entries, err := fs.ReadDir(policies.FS, ".")
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() && e.Name() != "lib" {
				dirs = append(dirs, e.Name())
			}
		}
	}
	var srcs []engine.PolicySource
	for _, dir := range append([]string{"lib"}, dirs...) {
		sub, err := fs.Sub(policies.FS, dir)
		if err != nil {
			tb.Fatal(err)
		}
		srcs = append(srcs, engine.PolicySource{Name: "builtin/" + dir, FS: sub})
	}
	ps, err := engine.LoadPolicies(context.Background(), engine.LoadOptions{}, srcs...)
	if err != nil {
		tb.Fatal(err)
	}
	return ps
}

// Evaluator judges with Set(dirs...).
func Evaluator(tb testing.TB, dirs ...string) (*engine.Evaluator, *engine.PolicySet) {
	tb.Helper()
	ps := Set(tb, dirs...)
	ev, err := engine.NewEvaluator(context.Background(), ps, engine.EvalOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return ev, ps
}

// Files is ps.Files(), failing the test on an error.
func Files(tb testing.TB, ps *engine.PolicySet) map[string][]byte {
	tb.Helper()
	files, err := ps.Files()
	if err != nil {
		tb.Fatal(err)
	}
	return files
}
