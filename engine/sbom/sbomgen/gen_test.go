package sbomgen_test

import (
	"encoding/json"
	"testing"

	"github.com/paved-dev/paved/engine/sbom"
	"github.com/paved-dev/paved/engine/sbom/sbomgen"
	"github.com/paved-dev/paved/internal/testcorpus"
)

// A generated SBOM has the components asked for, each copy with its own
// purl (the sources' own repeats stay), is valid against its schema and keeps dependencies and vulnerabilities.
func TestGenerate(t *testing.T) {
	corpus := testcorpus.Dir(t, "sbom")
	src, err := sbomgen.Generate(corpus, 5000)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := sbom.Parse("big.cdx.json", src)
	if err != nil {
		t.Fatal(err)
	}
	in := tg.Input
	if in["component_count"] != 5000 || in["schema"] != "valid" {
		t.Fatalf("components %v schema %v %v", in["component_count"], in["schema"], in["schema_errors"])
	}
	purls := map[string]bool{}
	for _, c := range in["components"].([]any) {
		var doc struct{ Purl string }
		js, err := json.Marshal(c) // the document's JSON: its components are typed records
		if err != nil || json.Unmarshal(js, &doc) != nil {
			t.Fatalf("component %v: %v", c, err)
		}
		purls[doc.Purl] = true
	}
	if len(purls) < 4500 { // juice-shop repeats an eighth of its purls
		t.Errorf("%d distinct purls in 5000 components", len(purls))
	}
	if g := in["dependency_graph"].(map[string]any); g["edges"].(int) < 1000 || len(in["findings"].([]any)) != 50 {
		t.Errorf("graph %v, %d findings", g, len(in["findings"].([]any)))
	}
}
