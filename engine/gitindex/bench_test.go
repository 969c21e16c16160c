package gitindex

import (
	"os"
	"testing"
)

// BenchmarkStaged opens the repository in $PAVED_BENCH_REPO (make bench
// builds a 2,000-file one) and lists what is staged.
func BenchmarkStaged(b *testing.B) {
	dir := os.Getenv("PAVED_BENCH_REPO")
	if dir == "" {
		b.Skip("set PAVED_BENCH_REPO to a git repository with staged changes")
	}
	for b.Loop() {
		ix, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Staged(); err != nil {
			b.Fatal(err)
		}
	}
}
