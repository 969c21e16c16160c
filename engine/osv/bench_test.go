package osv

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/paved-dev/paved/engine/sbom"
)

// Sizes of the generated database and SBOM: about npm's share of OSV
// (tens of thousands of advisories) and a large application's SBOM.
const (
	benchPackages   = 10_000
	benchAdvisories = 4 // per package
	benchComponents = 20_000
)

// benchDB writes an all.zip of benchPackages×benchAdvisories npm
// advisories, each with two ranges, a CVSS vector and an alias.
func benchDB(b *testing.B) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "all.zip")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for i := range benchPackages {
		for j := range benchAdvisories {
			id := fmt.Sprintf("GHSA-%04d-%04d", i, j)
			rec := map[string]any{
				"id": id, "modified": "2024-01-01T00:00:00Z", "published": "2023-01-01T00:00:00Z",
				"aliases":  []string{fmt.Sprintf("CVE-2023-%d", i*benchAdvisories+j)},
				"severity": []any{map[string]any{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}},
				"affected": []any{map[string]any{
					"package": map[string]any{"ecosystem": "npm", "name": fmt.Sprintf("pkg-%d", i)},
					"ranges": []any{map[string]any{"type": "SEMVER", "events": []any{
						map[string]any{"introduced": fmt.Sprintf("%d.0.0", j)}, map[string]any{"fixed": fmt.Sprintf("%d.5.0", j)},
						map[string]any{"introduced": fmt.Sprintf("%d.7.0-rc.1", j)}, map[string]any{"fixed": fmt.Sprintf("%d.7.3", j)},
					}}},
				}},
			}
			w, err := zw.Create(id + ".json")
			if err != nil {
				b.Fatal(err)
			}
			if err := json.NewEncoder(w).Encode(rec); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return p
}

// benchSBOM is a CycloneDX SBOM of benchComponents npm components, half
// of them named in the database, at versions inside and outside ranges.
func benchSBOM(b *testing.B) []byte {
	b.Helper()
	comps := make([]any, benchComponents)
	for i := range comps {
		name := fmt.Sprintf("pkg-%d", i%(2*benchPackages)) // pkg-N beyond benchPackages is in no advisory
		v := fmt.Sprintf("%d.%d.1", i%benchAdvisories, i%9)
		comps[i] = map[string]any{"type": "library", "bom-ref": fmt.Sprintf("c%d", i), "name": name, "version": v,
			"purl": fmt.Sprintf("pkg:npm/%s@%s", name, v)}
	}
	src, err := json.Marshal(map[string]any{"bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1, "components": comps})
	if err != nil {
		b.Fatal(err)
	}
	return src
}

// BenchmarkLoad reads the generated database (one zip).
func BenchmarkLoad(b *testing.B) {
	p := benchDB(b)
	b.ReportAllocs()
	for b.Loop() {
		db, err := Load(context.Background(), p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if db.Records() != benchPackages*benchAdvisories {
			b.Fatalf("%d records", db.Records())
		}
	}
	b.ReportMetric(float64(benchPackages*benchAdvisories), "records/op")
}

// BenchmarkMatchSBOM parses the generated SBOM and joins the database's
// matches: the whole cost --vuln-db adds per SBOM, beyond loading.
func BenchmarkMatchSBOM(b *testing.B) {
	db, err := Load(context.Background(), benchDB(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	src := benchSBOM(b)
	plain, with := sbom.New(sbom.Options{}), sbom.New(sbom.Options{Advisories: db})
	tg, err := with.Parse("bom.json", src)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d components, %d findings", benchComponents, len(tg.Input["findings"].([]any)))
	b.Run("parse-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := plain.Parse("bom.json", src); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse-and-match", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := with.Parse("bom.json", src); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("affecting", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			db.Affecting(fmt.Sprintf("pkg:npm/pkg-%d@%d.%d.1", i%benchPackages, i%benchAdvisories, i%9))
			i++
		}
	})
}
