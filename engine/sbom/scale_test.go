package sbom_test

import (
	"context"
	"sync"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/sbom"
	"github.com/paved-dev/paved/engine/sbom/sbomgen"
	"github.com/paved-dev/paved/internal/testcorpus"
)

// corpus is the real SBOMs, beside the repository (../shared/corpus/sbom).
var corpus = testcorpus.Path("corpus/sbom")

var big = sync.OnceValues(func() ([]byte, error) { return sbomgen.Generate(corpus, 50_000) })

// bigSBOM is a CycloneDX 1.4 SBOM of 50,000 components built from the
// corpus (package sbomgen), generated once per test binary.
func bigSBOM(tb testing.TB) []byte {
	tb.Helper()
	testcorpus.Dir(tb, "sbom")
	src, err := big()
	if err != nil {
		tb.Fatalf("generate the 50k SBOM from the corpus: %v", err)
	}
	return src
}

// BenchmarkLoad50k reads the 50,000-component SBOM into its input document.
func BenchmarkLoad50k(b *testing.B) {
	src := bigSBOM(b)
	b.Logf("%.1f MB", float64(len(src))/1e6)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		t, err := sbom.Parse("big.cdx.json", src)
		if err != nil {
			b.Fatal(err)
		}
		if n := t.Input["component_count"]; n != 50_000 {
			b.Fatalf("%v components", n)
		}
	}
}

// BenchmarkEvaluate50k judges the loaded 50,000-component SBOM with every
// built-in SBOM policy.
func BenchmarkEvaluate50k(b *testing.B) {
	src := bigSBOM(b)
	t, err := sbom.Parse("big.cdx.json", src)
	if err != nil {
		b.Fatal(err)
	}
	ev, ps := evaluator(b)
	want := len(ps.ForKind("sbom"))
	b.ReportAllocs()
	for b.Loop() {
		rs := ev.EvaluateTarget(context.Background(), t)
		for _, r := range rs {
			if r.Status == engine.StatusError {
				b.Fatalf("%s: %s", r.Policy.ID, r.Message)
			}
		}
		if len(rs) < want*50_000/2 {
			b.Fatalf("%d results", len(rs))
		}
	}
}
