package policies_test

import (
	"context"
	"path"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/policies"
)

// minCoverage is the line coverage every built-in policy file must reach
// through its own tests: a policy whose denial path no test exercises fails.
const minCoverage = 75.0

func loadBuiltin(t *testing.T) *engine.PolicySet {
	t.Helper()
	ps, err := engine.LoadPolicies(context.Background(), engine.LoadOptions{Tests: true},
		engine.PolicySource{Name: "builtin", FS: policies.FS})
	if err != nil {
		t.Fatalf("load built-in policies:\n%v", err)
	}
	return ps
}

func TestBuiltinPolicies(t *testing.T) {
	ps := loadBuiltin(t)
	rep, err := engine.RunTests(context.Background(), ps, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) == 0 {
		t.Fatal("no policy tests ran")
	}
	for _, r := range rep.Results {
		if !r.Pass {
			t.Errorf("%s:%d: %s.%s: %s\n%s", r.File, r.Line, r.Package, r.Name, r.Error, r.Output)
		}
	}
	for _, p := range ps.Policies {
		if c := rep.Files[p.File]; c < minCoverage {
			t.Errorf("%s (%s): coverage %.0f%% < %.0f%%, uncovered lines %v", p.File, p.ID, c, minCoverage, rep.Missed[p.File])
		}
	}
}

// Every policy has a _test.rego beside it with at least one case each way,
// and the metadata reviewers and peers rely on.
func TestPolicyConventions(t *testing.T) {
	ps := loadBuiltin(t)
	tests := map[string]int{}
	mods, err := ps.Modules()
	if err != nil {
		t.Fatal(err)
	}
	for name, mod := range mods {
		if !strings.HasSuffix(name, "_test.rego") {
			continue
		}
		for _, r := range mod.Rules {
			if strings.HasPrefix(r.Head.Name.String(), "test_") {
				tests[name]++
			}
		}
	}
	for _, p := range ps.Policies {
		testFile := strings.TrimSuffix(p.File, ".rego") + "_test.rego"
		if tests[testFile] < 2 {
			t.Errorf("%s (%s): %s needs at least a passing and a failing case", p.File, p.ID, testFile)
		}
		if p.Remediation == "" || p.Description == "" {
			t.Errorf("%s (%s): description and remediation are required", p.File, p.ID)
		}
		if len(p.Controls) == 0 {
			t.Errorf("%s (%s): no controls", p.File, p.ID)
		}
		// A peer that judges differently moves to see_also rather than
		// vanishing, so users can still find the nearest check.
		if (p.Kind == "terraform" || p.Kind == "repo" || p.Kind == "sbom") && len(p.Related)+len(p.SeeAlso) == 0 && !contains(p.Tags, "golden-path") {
			t.Errorf("%s (%s): no related or see_also Checkov/Trivy ids", p.File, p.ID)
		}
		if len(p.SeeAlso) > 0 && !strings.Contains(p.Description, "Peers:") {
			t.Errorf("%s (%s): see_also ids need a \"Peers:\" paragraph in the description saying how the verdicts differ", p.File, p.ID)
		}
		if !strings.HasPrefix(p.File, path.Join("builtin", string(p.Kind))) {
			t.Errorf("%s (%s): kind %s policy outside policies/%s", p.File, p.ID, p.Kind, p.Kind)
		}
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
