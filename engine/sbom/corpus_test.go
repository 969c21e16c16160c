package sbom

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/testcorpus"
)

// corpusDir holds real SBOMs (CycloneDX 1.2–1.4, JSON and XML, and the
// CycloneDX VEX use cases), beside the repository; the tests skip when it
// is absent.
var corpusDir = testcorpus.Path("corpus/sbom")

func corpusFiles(t testing.TB) []string {
	t.Helper()
	testcorpus.Dir(t, "sbom")
	var files []string
	for _, pat := range []string{"*.json", "*.xml", "vex/*.json"} {
		m, _ := filepath.Glob(filepath.Join(corpusDir, pat))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatalf("no SBOMs in the corpus at %s", corpusDir)
	}
	return files
}

func TestCorpusLoads(t *testing.T) {
	l := New(Options{})
	states := map[string]int{}
	for _, f := range corpusFiles(t) {
		ts, err := l.Load(context.Background(), f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		in := ts[0].Input
		spec := in["spec_version"].(string)
		schema := in["schema"].(string)
		switch {
		case in["encoding"] == "xml" || spec < "1.4":
			if schema != "unavailable" {
				t.Errorf("%s: spec %s %s: schema %q, want unavailable", f, spec, in["encoding"], schema)
			}
		case schema == "invalid":
			t.Logf("%s: schema-invalid: %v", filepath.Base(f), in["schema_errors"])
		}
		if len(ts[0].Resources) != 1+len(in["components"].([]any))+len(in["findings"].([]any)) {
			t.Errorf("%s: %d resources", f, len(ts[0].Resources))
		}
		seen := map[string]bool{}
		for _, r := range ts[0].Resources {
			if seen[r.Address] {
				t.Errorf("%s: duplicate resource address %s", f, r.Address)
			}
			seen[r.Address] = true
		}
		if strings.Contains(f, "/vex/") {
			for _, v := range in["vulnerabilities"].([]any) {
				states[v.(map[string]any)["state"].(string)]++
			}
		}
		t.Logf("%s: spec %s %s, schema %s, %d components, %d findings", filepath.Base(f), spec, in["encoding"], schema,
			in["component_count"], len(in["findings"].([]any)))
	}
	for _, s := range []string{"not_affected", "exploitable", "resolved", "in_triage"} {
		if states[s] == 0 {
			t.Errorf("no VEX analysis state %s in the vex corpus: %v", s, states)
		}
	}
	t.Logf("VEX states: %v", states)
}

func TestCorpusWalk(t *testing.T) {
	corpusFiles(t)
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(corpusDir, "laravel-7.12.0__bom.1.4.json"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "bom.json"), b, 0o644)
	os.WriteFile(filepath.Join(dir, "sub", "app.cdx.json"), b, 0o644)
	os.WriteFile(filepath.Join(dir, "sub", "other.json"), b, 0o644)                       // not an SBOM name
	os.WriteFile(filepath.Join(dir, "sub", "sbom-config.json"), []byte(`{"a":1}`), 0o644) // SBOM name, not content
	ts, err := New(Options{}).Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].ID != filepath.ToSlash(dir)+"/bom.json" || ts[1].ID != filepath.ToSlash(dir)+"/sub/app.cdx.json" {
		for _, x := range ts {
			t.Log(x.ID)
		}
		t.Fatalf("walk found %d targets", len(ts))
	}
}
