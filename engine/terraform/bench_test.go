package terraform

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/paved-dev/paved/internal/testcorpus"
)

func corpusOrSkip(tb testing.TB) string {
	tb.Helper()
	return testcorpus.Dir(tb, "terraform")
}

func BenchmarkLoadCorpus(b *testing.B) {
	dir := corpusOrSkip(b)
	l := New(Options{})
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
