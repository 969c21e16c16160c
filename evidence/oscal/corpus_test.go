package oscal

import (
	"context"
	"errors"
	"github.com/paved-dev/paved/internal/testpolicies"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine/check"
	"github.com/paved-dev/paved/internal/testcorpus"
)

// A module of the Terraform corpus judged by every built-in policy: a real
// report, with the policy set's own file digests, gives a valid document
// whose findings cover the controls the policies name. (The benchmark
// takes the whole corpus.)
func TestTerraformCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus: skipped in -short")
	}
	dir := filepath.Join(testcorpus.Dir(t, "terraform"), "terraform-aws-iam")
	sch := compileSchema(t)
	start := time.Now()
	rep, pol, err := check.RunWithPolicies(context.Background(), check.Options{Paths: []string{dir}, ConfigFile: "none"})
	var loadErr *check.LoadError
	if err != nil && !errors.As(err, &loadErr) {
		t.Fatal(err)
	}
	checked := time.Since(start)
	start = time.Now()
	out, err := AssessmentResults(rep, Input{PolicyDigests: PolicyDigests(testpolicies.Files(t, pol.Set)), ReportDigest: digest('7')})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d results over %d targets: check %v, OSCAL %v, %d bytes", len(rep.Results), len(rep.Targets), checked, time.Since(start), len(out))
	validate(t, sch, out)
	res := result0(decode(t, out))
	if len(list(res, "findings")) == 0 || len(list(res, "observations")) == 0 {
		t.Fatal("no findings or observations from the corpus")
	}
	for _, a := range list(decode(t, out)["local-definitions"].(map[string]any), "activities") {
		if len(propValues(a, "policy-digest")) != 1 && propValues(a, "policy")[0] != "PAVED-LOAD" {
			t.Errorf("%s names no policy digest", a["title"])
		}
	}
}

// BenchmarkTerraformCorpus is the document for the Terraform corpus's
// report: what evidence adds to a check of it.
func BenchmarkTerraformCorpus(b *testing.B) {
	dir := testcorpus.Dir(b, "terraform")
	rep, pol, err := check.RunWithPolicies(context.Background(), check.Options{Paths: []string{dir}, ConfigFile: "none"})
	var loadErr *check.LoadError
	if err != nil && !errors.As(err, &loadErr) {
		b.Fatal(err)
	}
	in := Input{PolicyDigests: PolicyDigests(testpolicies.Files(b, pol.Set)), ReportDigest: digest('7')}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, rep, in); err != nil {
			b.Fatal(err)
		}
	}
}
