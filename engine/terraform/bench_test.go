package terraform

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

const corpusDir = "../../../shared/corpus/terraform"

func corpusOrSkip(tb testing.TB) string {
	tb.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		tb.Skipf("corpus %s not present (it lives next to the repository, in ../shared/corpus): %v", corpusDir, err)
	}
	return corpusDir
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
