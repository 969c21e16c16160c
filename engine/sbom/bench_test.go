package sbom

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoadLargestCorpus parses the largest SBOM of the corpus.
func BenchmarkLoadLargestCorpus(b *testing.B) {
	var best string
	var size int64
	for _, f := range corpusFiles(b) {
		if st, err := os.Stat(f); err == nil && st.Size() > size {
			best, size = f, st.Size()
		}
	}
	src, err := os.ReadFile(best)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %.1f MB", filepath.Base(best), float64(len(src))/1e6)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("bom.json", src); err != nil {
			b.Fatal(err)
		}
	}
}
