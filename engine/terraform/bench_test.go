package terraform

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/paved-dev/paved/engine/exclude"
	"github.com/paved-dev/paved/internal/testcorpus"
)

func corpusOrSkip(tb testing.TB) string {
	tb.Helper()
	return testcorpus.Dir(tb, "terraform")
}

// corpusOptions leave out the one directory of the corpus that is not valid
// Terraform: security-group's modules/_templates, the source its generator
// completes into each module (the project leaves it, and the wrapper that
// calls it, out of terraform validate too).
func corpusOptions() Options {
	return Options{Exclude: exclude.New([]string{"terraform-aws-security-group/modules/_templates/", "terraform-aws-security-group/wrappers/_templates/"})}
}

func BenchmarkLoadCorpus(b *testing.B) {
	dir := corpusOrSkip(b)
	l := New(corpusOptions())
	b.ReportAllocs()
	for b.Loop() {
		ts, err := l.Load(context.Background(), dir)
		if err != nil || len(ts) == 0 {
			b.Fatalf("%d targets, %v", len(ts), err)
		}
	}
}

func BenchmarkLoadModule(b *testing.B) {
	dir := filepath.Join("testdata", "modules")
	l := New(Options{})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Load(context.Background(), dir); err != nil {
			b.Fatal(err)
		}
	}
}
