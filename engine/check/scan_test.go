package check

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/internal/testcorpus"
	"github.com/paved-dev/paved/policies"
)

var corpus = testcorpus.Path("corpus/terraform")

// builtin is the built-in set as a check loads it: metadata from the
// index, files read and parsed when a run needs them.
func builtin(tb testing.TB) *engine.PolicySet {
	tb.Helper()
	pol, err := LoadPolicies(context.Background(), PolicyOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return pol.Set
}

func needCorpus(tb testing.TB) {
	tb.Helper()
	testcorpus.Dir(tb, "terraform")
}

// corpusTemplates are the corpus's generator sources: templates that
// refer to variables they do not declare, which terraform validate
// rejects and their project excludes from it, as paved does.
var corpusTemplates = []string{"terraform-aws-security-group/modules/_templates/", "terraform-aws-security-group/wrappers/_templates/"}

// The built-in policies judge real, valid Terraform without a single
// evaluation error or load diagnostic.
func TestCorpusEvaluatesCleanly(t *testing.T) {
	needCorpus(t)
	rep, err := Judge(context.Background(), builtin(t), Options{Paths: []string{corpus}, Exclude: corpusTemplates})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Error > 0 {
		for _, r := range rep.Results {
			if r.Status == engine.StatusError {
				t.Errorf("%s %s: %s", r.Policy.ID, r.Target.ID, r.Message)
			}
		}
	}
	if len(rep.Targets) < 20 || rep.Summary.Pass == 0 || rep.Summary.Fail == 0 {
		t.Fatalf("implausible corpus result: %d targets, summary %+v", len(rep.Targets), rep.Summary)
	}
	seen := map[string]bool{}
	for _, r := range rep.Results {
		if seen[r.Fingerprint] {
			t.Fatalf("duplicate fingerprint for %s %s %s", r.Policy.ID, r.Target.ID, r.Resource)
		}
		seen[r.Fingerprint] = true
	}
}

func TestLoadErrorsAreResults(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n"), 0o644)
	rep, err := Judge(context.Background(), builtin(t), Options{Paths: []string{dir}})
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("want *LoadError, got %v", err)
	}
	if rep == nil || rep.Summary.Error == 0 || rep.Summary.Blocking == 0 {
		t.Fatalf("load error must be a blocking error result: %+v", rep)
	}
}

func TestUnsupportedInput(t *testing.T) {
	f := filepath.Join(t.TempDir(), "notes.json")
	os.WriteFile(f, []byte(`{"hello": "world"}`), 0o644)
	_, err := Judge(context.Background(), builtin(t), Options{Paths: []string{f}})
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("want *LoadError for a non-plan JSON, got %v", err)
	}
}

func BenchmarkCheckCorpus(b *testing.B) {
	needCorpus(b)
	ps := builtin(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Judge(context.Background(), ps, Options{Paths: []string{corpus}, Exclude: corpusTemplates}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadPolicies(b *testing.B) {
	for b.Loop() {
		builtin(b)
	}
}

// Built-in (lazy) policies compile without the check-only stages; their
// verdicts on real code must be exactly those of a fully checked compile.
func TestTrustedCompileSameVerdicts(t *testing.T) {
	needCorpus(t)
	var eager []engine.PolicySource
	for _, dir := range []string{"lib", "terraform"} {
		sub, err := fs.Sub(policies.FS, dir)
		if err != nil {
			t.Fatal(err)
		}
		eager = append(eager, engine.PolicySource{Name: "builtin/" + dir, FS: sub})
	}
	full, err := engine.LoadPolicies(context.Background(), engine.LoadOptions{}, eager...)
	if err != nil {
		t.Fatal(err)
	}
	verdicts := func(ps *engine.PolicySet) map[string]engine.Status {
		rep, err := Judge(context.Background(), ps, Options{Paths: []string{corpus}, Exclude: corpusTemplates})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]engine.Status{}
		for _, r := range rep.Results {
			m[r.Fingerprint] = r.Status
		}
		return m
	}
	a, b := verdicts(builtin(t)), verdicts(full)
	if len(a) != len(b) {
		t.Fatalf("%d results trusted, %d fully checked", len(a), len(b))
	}
	for fp, st := range b {
		if a[fp] != st {
			t.Errorf("result %s: %s trusted, %s fully checked", fp, a[fp], st)
		}
	}
}

// A directory brings every kind it holds; excludes apply to every walk.
func TestDirectoryKindsAndExcludes(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`resource "aws_s3_bucket" "b" {}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM alpine:3.20\nUSER app\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "fixtures"), 0o755)
	os.WriteFile(filepath.Join(dir, "fixtures", "Dockerfile"), []byte("NOT A DOCKERFILE\n"), 0o644)
	rep, err := Judge(context.Background(), builtin(t), Options{Paths: []string{dir}, Exclude: []string{"fixtures/"}})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[engine.Kind]int{}
	for _, tg := range rep.Targets {
		kinds[tg.Kind]++
	}
	if kinds["terraform"] != 1 || kinds["dockerfile"] != 1 || len(rep.Targets) != 2 {
		t.Fatalf("targets %+v", rep.Targets)
	}
	if _, err := Judge(context.Background(), builtin(t), Options{Paths: []string{dir}}); err == nil {
		t.Fatal("without the exclude the broken fixture must be a load error")
	}
}

// SBOMs are found in directories and named on the command line, by content.
func TestSBOMTargets(t *testing.T) {
	bom := filepath.Join(testcorpus.Dir(t, "sbom"), "laravel-7.12.0__bom.1.4.json")
	dir := t.TempDir()
	b, _ := os.ReadFile(bom)
	os.WriteFile(filepath.Join(dir, "bom.json"), b, 0o644)
	os.WriteFile(filepath.Join(dir, "notes.json"), []byte(`{"hello": "world"}`), 0o644)
	for _, p := range []string{dir, filepath.Join(dir, "bom.json")} {
		rep, err := Judge(context.Background(), builtin(t), Options{Paths: []string{p}})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(rep.Targets) != 1 || rep.Targets[0].Kind != "sbom" || rep.Summary.Error != 0 || rep.Summary.Total < 100 {
			t.Fatalf("%s: targets %+v, summary %+v", p, rep.Targets, rep.Summary)
		}
	}
}
