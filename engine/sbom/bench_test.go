package sbom

import (
	"encoding/json"
	"fmt"
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

// Benchmark50kComponents parses a generated CycloneDX 1.4 SBOM of 50,000
// components (the corpus' components repeated with unique purls), a
// dependency edge each and a vulnerability every 100 components.
func Benchmark50kComponents(b *testing.B) {
	src := generated(b, 50_000)
	b.Logf("generated: %.1f MB", float64(len(src))/1e6)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		t, err := Parse("bom.json", src)
		if err != nil {
			b.Fatal(err)
		}
		if t.Input["component_count"] != 50_000 {
			b.Fatalf("%v components", t.Input["component_count"])
		}
	}
}

func generated(b *testing.B, n int) []byte {
	raw, err := os.ReadFile(filepath.Join(corpusDir, "juice-shop__via_npm__flat__bom.1.4.json"))
	if err != nil {
		b.Skipf("no corpus SBOM to generate from: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		b.Fatal(err)
	}
	base := doc["components"].([]any)
	comps := make([]any, 0, n)
	deps := make([]any, 0, n)
	var vulns []any
	for i := range n {
		c := map[string]any{}
		for k, v := range base[i%len(base)].(map[string]any) {
			c[k] = v
		}
		delete(c, "components")
		ref := fmt.Sprintf("gen-%d", i)
		c["bom-ref"] = ref
		c["purl"] = fmt.Sprintf("pkg:npm/gen/%s-%d@1.0.%d", c["name"], i, i%7)
		comps = append(comps, c)
		d := map[string]any{"ref": ref}
		if i > 0 {
			d["dependsOn"] = []any{fmt.Sprintf("gen-%d", i/2)}
		}
		deps = append(deps, d)
		if i%100 == 0 {
			vulns = append(vulns, map[string]any{"id": fmt.Sprintf("CVE-2024-%05d", i), "ratings": []any{map[string]any{"severity": "high", "score": 7.5}},
				"affects": []any{map[string]any{"ref": ref}}})
		}
	}
	doc["components"], doc["dependencies"], doc["vulnerabilities"] = comps, deps, vulns
	out, err := json.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	return out
}
