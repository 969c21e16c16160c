package sbom

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/paved-dev/paved/engine"
)

var _ engine.Valuer = (*component)(nil)

// full is a component with every member set, each to its own value, so a
// member written under the wrong key shows.
var full = &component{
	address: "pkg:npm/a@1", index: 7, bomRef: "ref-a", typ: "library", name: "a", group: "g", version: "1",
	purl: "pkg:npm/a@1?x=y", purlBase: "pkg:npm/a@1", purlValid: true, cpe: "cpe:2.3:a", swid: "swid-a",
	supplier: "sup", manufacturer: "man", publisher: "pub", author: "auth", scope: "required",
	hashes:   []hash{{"SHA-256", "abc"}, {"MD5", "def"}},
	licenses: []string{"MIT OR GPL-3.0-only"}, licenseChoices: [][]string{{"MIT"}, {"GPL-3.0-only"}},
	licenseErrors: []string{"bad: no"}, licenseReading: "choice", licenseBasis: "Maven POM", pointer: "/components/7", parent: "pkg:npm/p@2", depth: 2,
	duplicateOf: "pkg:npm/a@1#0", dependsOn: []string{"ref-b", "ref-c"}, inDependencyGraph: true,
}

var fullDoc = map[string]any{
	"address": "pkg:npm/a@1", "index": 7, "bom_ref": "ref-a", "type": "library", "name": "a", "group": "g", "version": "1",
	"purl": "pkg:npm/a@1?x=y", "purl_base": "pkg:npm/a@1", "purl_valid": true, "cpe": "cpe:2.3:a", "swid": "swid-a",
	"supplier": "sup", "manufacturer": "man", "publisher": "pub", "author": "auth", "scope": "required",
	"hashes":   []any{map[string]any{"alg": "SHA-256", "content": "abc"}, map[string]any{"alg": "MD5", "content": "def"}},
	"licenses": []any{"MIT OR GPL-3.0-only"}, "license_choices": []any{[]any{"MIT"}, []any{"GPL-3.0-only"}},
	"license_errors": []any{"bad: no"}, "license_reading": map[string]any{"as": "choice", "basis": "Maven POM"}, "pointer": "/components/7", "parent": "pkg:npm/p@2", "depth": 2,
	"duplicate_of": "pkg:npm/a@1#0", "depends_on": []any{"ref-b", "ref-c"}, "in_dependency_graph": true,
}

func TestComponentValue(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *component
		doc  map[string]any
	}{
		{"full", full, fullDoc},
		{"empty", &component{}, map[string]any{
			"address": "", "index": 0, "bom_ref": "", "type": "", "name": "", "group": "", "version": "",
			"purl": "", "purl_base": "", "purl_valid": false, "cpe": "", "swid": "",
			"supplier": "", "manufacturer": "", "publisher": "", "author": "", "scope": "",
			"hashes": []any{}, "licenses": []any{}, "license_choices": []any{}, "license_errors": []any{},
			"license_reading": map[string]any{"as": "", "basis": ""},
			"pointer":         "", "parent": "", "depth": 0, "duplicate_of": "", "depends_on": []any{}, "in_dependency_graph": false,
		}},
	} {
		want := ast.MustInterfaceToValue(tc.doc)
		if got := tc.c.ASTValue(); got.Compare(want) != 0 {
			t.Errorf("%s: ASTValue\n got %v\nwant %v", tc.name, got, want)
		}
		js, err := json.Marshal(tc.c)
		if err != nil {
			t.Fatal(err)
		}
		var back any
		if err := json.Unmarshal(js, &back); err != nil {
			t.Fatal(err)
		}
		if got := ast.MustInterfaceToValue(back); got.Compare(want) != 0 {
			t.Errorf("%s: JSON %s", tc.name, js)
		}
		if m := tc.c.Map(); ast.MustInterfaceToValue(m).Compare(want) != 0 || m["index"] != tc.doc["index"] {
			t.Errorf("%s: Map %v", tc.name, m)
		}
	}
}

// The component document has the members docs/sbom-input.md lists.
func TestComponentKeysDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/sbom-input.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "`Component`:\n\n```jsonc\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("docs/sbom-input.md: no Component block")
	}
	var documented []string
	for _, m := range regexp.MustCompile(`"([a-z_]+)":`).FindAllStringSubmatch(block, -1) {
		if !slices.Contains([]string{"alg", "content", "as", "basis"}, m[1]) { // members of hashes and license_reading
			documented = append(documented, m[1])
		}
	}
	var keys []string
	for k := range full.Map() {
		keys = append(keys, k)
	}
	slices.Sort(documented)
	slices.Sort(keys)
	if !slices.Equal(documented, keys) {
		t.Errorf("component members\n got %v\n doc %v", keys, documented)
	}
}
