package sbom

import (
	"os"
	"testing"
)

func BenchmarkZZParseBig(b *testing.B) {
	src, _ := os.ReadFile("/tmp/sb/big.cdx.json")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("big", src); err != nil {
			b.Fatal(err)
		}
	}
}
