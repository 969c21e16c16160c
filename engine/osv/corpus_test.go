package osv

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/paved-dev/paved/engine/sbom"
	"github.com/paved-dev/paved/internal/testcorpus"
)

// The real SBOMs of the corpus, matched against the fixture database
// through the SBOM loader: the advisories land on the right components
// (qualifiers such as ?type=jar ignored) and nowhere else.
func TestCorpusMatches(t *testing.T) {
	corpusDir := testcorpus.Dir(t, "sbom")
	l := sbom.New(sbom.Options{Advisories: loadTestDB(t)})
	for file, want := range map[string]map[string]bool{
		"dropwizard-1.3.15__bom.json": {"OSV-TEST-MVN@pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10": true},
		"dropwizard-1.3.15__bom.xml":  {"OSV-TEST-MVN@pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10": true},
		"keycloak-10.0.2__bom.json":   {},
		"juice-shop__via_npm__flat__bom.1.4.json": {
			"GHSA-35jh-r3h4-6jhm@pkg:npm/lodash@2.4.2":   true,
			"GHSA-xvch-5gv4-984h@pkg:npm/minimist@0.2.3": true,
		},
		"laravel-7.12.0__bom.1.4.json": {}, // laravel/framework v7.30.6 is past the fix
	} {
		ts, err := l.Load(context.Background(), filepath.Join(corpusDir, file))
		if err != nil || len(ts) != 1 {
			t.Fatalf("%s: %d targets, %v", file, len(ts), err)
		}
		got := map[string]bool{}
		for _, f := range ts[0].Input["findings"].([]any) {
			f := f.(map[string]any)
			if f["source"] == "osv" {
				got[f["address"].(string)] = true
			}
		}
		for a := range want {
			if !got[a] {
				t.Errorf("%s: no %s", file, a)
			}
		}
		for a := range got {
			if !want[a] {
				t.Errorf("%s: unexpected %s", file, a)
			}
		}
	}
}
