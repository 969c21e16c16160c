package sbom

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

const sample = `{
  "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "metadata": {
    "timestamp": "2024-05-01T10:00:00Z",
    "tools": {"components": [{"type": "application", "group": "anchore", "name": "syft", "version": "1.4.0"}]},
    "authors": [{"name": "Platform", "email": "p@example.com"}],
    "supplier": {"name": "Example Corp", "url": ["https://example.com"]},
    "component": {"type": "application", "bom-ref": "app", "name": "app", "version": "1.0.0"}
  },
  "components": [
    {"type": "library", "bom-ref": "lodash", "name": "lodash", "version": "4.17.21",
     "purl": "pkg:npm/lodash@4.17.21?repository_url=https://r.example", "supplier": {"name": "OpenJS"},
     "hashes": [{"alg": "SHA-256", "content": "0000000000000000000000000000000000000000000000000000000000000000"}],
     "licenses": [{"license": {"id": "MIT"}}],
     "components": [{"type": "library", "bom-ref": "inner", "name": "inner", "version": "1"}]},
    {"type": "library", "bom-ref": "dual", "name": "dual", "version": "2.0", "purl": "pkg:npm/dual@2.0",
     "licenses": [{"expression": "mit OR (GPL-3.0-only AND bsd-3-clause)"}]},
    {"type": "library", "bom-ref": "lodash-again", "name": "lodash", "version": "4.17.21", "purl": "pkg:npm/lodash@4.17.21"}
  ],
  "dependencies": [
    {"ref": "app", "dependsOn": ["lodash", "dual"]},
    {"ref": "lodash", "dependsOn": ["dual"]},
    {"ref": "dual", "dependsOn": ["lodash"]}
  ],
  "vulnerabilities": [
    {"id": "CVE-2021-23337", "source": {"name": "NVD"},
     "ratings": [{"severity": "medium", "score": 5.0, "method": "CVSSv31"}, {"severity": "high", "score": 7.2, "method": "CVSSv31"}],
     "analysis": {"state": "not_affected", "justification": "code_not_reachable", "response": ["will_not_fix"], "detail": "unused"},
     "affects": [{"ref": "lodash"}, {"ref": "lodash-again"}, {"ref": "pkg:npm/other@1.0"}]}
  ]
}`

func mustParse(t *testing.T, src string) *engine.Target {
	t.Helper()
	tg, err := Parse("sbom/bom.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func comp(t *engine.Target, i int) map[string]any {
	return t.Input["components"].([]any)[i].(*component).Map()
}

func TestParseDocument(t *testing.T) {
	tg := mustParse(t, sample)
	in := tg.Input
	if in["schema"] != "valid" || in["spec_version"] != "1.5" || in["encoding"] != "json" {
		t.Fatalf("schema %v spec %v: %v", in["schema"], in["spec_version"], in["schema_errors"])
	}
	meta := in["metadata"].(map[string]any)
	if meta["timestamp_ns"] != 1714557600000000000 {
		t.Errorf("timestamp_ns %v", meta["timestamp_ns"])
	}
	if tools := meta["tools"].([]any); len(tools) != 1 || tools[0].(map[string]any)["name"] != "syft" {
		t.Errorf("tools %v", tools)
	}
	if mc := meta["component"].(*component).Map(); mc["address"] != "app@1.0.0" {
		t.Errorf("metadata component %v", mc["address"])
	}
	var addrs []string
	for _, r := range tg.Resources {
		addrs = append(addrs, r.Type+" "+r.Address)
	}
	want := []string{"sbom sbom", "component pkg:npm/lodash@4.17.21", "component inner@1", "component pkg:npm/dual@2.0",
		"component pkg:npm/lodash@4.17.21#2", "vulnerability CVE-2021-23337@pkg:npm/lodash@4.17.21",
		"vulnerability CVE-2021-23337@pkg:npm/other@1.0"}
	if !reflect.DeepEqual(addrs, want) {
		t.Errorf("resources\n got %q\nwant %q", addrs, want)
	}
	lodash := comp(tg, 0)
	if lodash["purl_base"] != "pkg:npm/lodash@4.17.21" || lodash["supplier"] != "OpenJS" || len(lodash["hashes"].([]any)) != 1 {
		t.Errorf("lodash %v", lodash)
	}
	if !reflect.DeepEqual(lodash["licenses"], []any{"MIT"}) || !reflect.DeepEqual(lodash["license_choices"], []any{[]any{"MIT"}}) {
		t.Errorf("lodash licenses %v %v", lodash["licenses"], lodash["license_choices"])
	}
	if inner := comp(tg, 1); inner["parent"] != "pkg:npm/lodash@4.17.21" || inner["depth"] != 2 || inner["pointer"] != "/components/0/components/0" {
		t.Errorf("inner %v", inner)
	}
	dual := comp(tg, 2)
	if !reflect.DeepEqual(dual["licenses"], []any{"MIT OR (GPL-3.0-only AND BSD-3-Clause)"}) ||
		!reflect.DeepEqual(dual["license_choices"], []any{[]any{"MIT"}, []any{"BSD-3-Clause", "GPL-3.0-only"}}) {
		t.Errorf("dual licenses %v %v", dual["licenses"], dual["license_choices"])
	}
	if !reflect.DeepEqual(dual["depends_on"], []any{"lodash"}) || dual["in_dependency_graph"] != true {
		t.Errorf("dual deps %v", dual["depends_on"])
	}
	if again := comp(tg, 3); again["duplicate_of"] != "pkg:npm/lodash@4.17.21" {
		t.Errorf("duplicate_of %v", again["duplicate_of"])
	}
	if g := in["dependency_graph"].(map[string]any); g["cyclic"] != true || g["edges"] != 4 {
		t.Errorf("graph %v", g)
	}
	f := in["findings"].([]any)[0].(map[string]any)
	if f["severity"] != "high" || f["score"] != 7.2 || f["state"] != "not_affected" || f["component"] != "pkg:npm/lodash@4.17.21" {
		t.Errorf("finding %v", f)
	}
}

func TestSchemaInvalidLoads(t *testing.T) {
	src := strings.Replace(sample, `"type": "library", "bom-ref": "dual"`, `"type": "librari", "bom-ref": "dual"`, 1)
	tg := mustParse(t, src)
	if tg.Input["schema"] != "invalid" {
		t.Fatalf("schema %v", tg.Input["schema"])
	}
	errs := tg.Input["schema_errors"].([]any)
	if len(errs) == 0 || errs[0].(map[string]any)["path"] != "/components/1/type" {
		t.Errorf("schema errors %v", errs)
	}
	// Beyond what the decoder accepts: still a target, empty, invalid.
	tg = mustParse(t, `{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {"x": 1}}`)
	if tg.Input["schema"] != "invalid" || tg.Input["decode_error"] == "" {
		t.Errorf("schema %v decode_error %v", tg.Input["schema"], tg.Input["decode_error"])
	}
}

func TestParseXML(t *testing.T) {
	tg := mustParse(t, `<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
  <metadata><timestamp>2024-01-01T00:00:00Z</timestamp></metadata>
  <components>
    <component type="library" bom-ref="a"><name>a</name><version>1</version><purl>pkg:maven/g/a@1?type=jar</purl>
      <licenses><expression>Apache-2.0 OR MIT</expression></licenses></component>
  </components>
</bom>`)
	c := comp(tg, 0)
	if tg.Input["spec_version"] != "1.5" || tg.Input["schema"] != "unavailable" || c["purl_base"] != "pkg:maven/g/a@1" ||
		len(c["license_choices"].([]any)) != 2 {
		t.Errorf("xml: %v %v %v", tg.Input["spec_version"], c["purl_base"], c["license_choices"])
	}
}

func TestParseErrors(t *testing.T) {
	for name, src := range map[string]string{
		"truncated":     sample[:200],
		"not an sbom":   `{"name": "package.json"}`,
		"spdx 9":        `{"spdxVersion": "SPDX-9.9"}`,
		"neither":       `hello`,
		"empty":         ``,
		"xml not cdx":   `<project/>`,
		"type mismatch": `{"bomFormat": "CycloneDX", "specVersion": "1.2", "components": 3}`,
	} {
		tg, err := Parse("bom.json", []byte(src))
		var ds engine.Diagnostics
		if tg != nil || !errors.As(err, &ds) || ds[0].File != "bom.json" {
			t.Errorf("%s: target %v, err %v", name, tg, err)
		}
	}
	_, err := Parse("bom.json", []byte(sample[:200]))
	if !strings.Contains(err.Error(), "bom.json:") {
		t.Errorf("truncated: %v", err)
	}
}

func TestLimits(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`{"bomFormat": "CycloneDX", "specVersion": "1.4", "components": [`)
	for i := range 11 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"type": "library", "name": "c%d", "version": "1"}`, i)
	}
	sb.WriteString("]}")
	if _, err := New(Options{MaxComponents: 10}).Parse("bom.json", []byte(sb.String())); err == nil || !strings.Contains(err.Error(), "more than 10 components") {
		t.Errorf("max components: %v", err)
	}
	deep := `{"type": "library", "name": "leaf"}`
	for range 5 {
		deep = `{"type": "library", "name": "n", "components": [` + deep + `]}`
	}
	src := `{"bomFormat": "CycloneDX", "specVersion": "1.4", "components": [` + deep + `]}`
	if _, err := New(Options{MaxDepth: 3}).Parse("bom.json", []byte(src)); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("max depth: %v", err)
	}
	if tg, err := New(Options{}).Parse("bom.json", []byte(src)); err != nil || tg.Input["component_count"] != 6 {
		t.Errorf("default depth: %v", err)
	}
}

func TestLicenseChoices(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		norm string
	}{
		{"MIT", "[[MIT]]", "MIT"},
		{"mit OR apache-2.0", "[[MIT] [Apache-2.0]]", "MIT OR Apache-2.0"},
		{"(MIT OR ISC) AND (GPL-2.0+ WITH classpath-exception-2.0)", "[[GPL-2.0+ WITH Classpath-exception-2.0 MIT] [GPL-2.0+ WITH Classpath-exception-2.0 ISC]]", "(MIT OR ISC) AND (GPL-2.0+ WITH Classpath-exception-2.0)"},
		{"LicenseRef-foo and MIT", "[[LicenseRef-foo MIT]]", "LicenseRef-foo AND MIT"},
	} {
		c, norm, err := parseExpression(tc.in)
		if err != nil || fmt.Sprint(c) != tc.want || norm != tc.norm {
			t.Errorf("%q: %v %q %v, want %s %q", tc.in, c, norm, err, tc.want, tc.norm)
		}
	}
	for _, bad := range []string{"", "MIT OR", "(MIT", "AND MIT", "MIT WITH", strings.Repeat("(", 40) + "MIT" + strings.Repeat(")", 40),
		strings.Repeat("(A OR B) AND ", 9) + "C"} {
		if _, _, err := parseExpression(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	var ls licenseSet
	ls.add("Apache License 2.0", false)
	ls.add("MIT OR GPL-3.0-only", true)
	ls.add("MIT OR", true)
	if fmt.Sprint(ls.choices) != "[[Apache License 2.0 MIT MIT OR] [Apache License 2.0 GPL-3.0-only MIT OR]]" || len(ls.errors) != 1 {
		t.Errorf("set: %v %v", ls.choices, ls.errors)
	}
}

func TestIsSBOM(t *testing.T) {
	for name, want := range map[string]bool{"bom.json": true, "BOM.XML": true, "app.cdx.json": true, "x.cdx.xml": true, "a.bom.json": true,
		"a.spdx.json": true, "sbom.json": true, "my-sbom-2.json": true, "package.json": false, "bom.yaml": false, "sbom.txt": false} {
		if IsSBOMName(name) != want {
			t.Errorf("IsSBOMName(%q) != %v", name, want)
		}
	}
	for src, want := range map[string]bool{
		sample: true,
		`<bom xmlns="http://cyclonedx.org/schema/bom/1.4">`: true,
		`{"spdxVersion": "SPDX-2.3"}`:                       true,
		`{"bomFormat": "Other"}`:                            false,
		`{"name": "pkg", "x": {"spdxVersion": "SPDX-2.3"}}`: false, // not top level
		"": false,
		// Sorted keys: bomFormat after a components array bigger than any
		// head a sniffer might look at.
		`{"components": [` + strings.Repeat(`{"name": "a", "type": "library"},`, 10_000) + `{"name": "b"}], "bomFormat": "CycloneDX", "specVersion": "1.5"}`: true,
	} {
		if IsSBOMContent([]byte(src)) != want {
			t.Errorf("IsSBOMContent(%.60q) != %v", src, want)
		}
	}
}

// A directory walk finds an SBOM whose bomFormat comes after a big
// components array (sorted keys), not only those that name it early.
func TestLoadFindsSortedKeySBOM(t *testing.T) {
	dir := t.TempDir()
	src := `{"components": [` + strings.Repeat(`{"name": "a", "type": "library"},`, 10_000) + `{"name": "b", "type": "library"}], "bomFormat": "CycloneDX", "specVersion": "1.5"}`
	if err := os.WriteFile(filepath.Join(dir, "bom.json"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ts, err := New(Options{}).Load(context.Background(), dir)
	if err != nil || len(ts) != 1 || ts[0].Input["component_count"] != 10_001 {
		t.Fatalf("%d targets, error %v", len(ts), err)
	}
}

// Repeated components get distinct addresses even when one is named like
// a repeat's suffix: results are per resource, so two components must
// never share one (nor its fingerprint).
func TestAddressesStayUnique(t *testing.T) {
	tg := mustParse(t, `{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
		{"type": "library", "name": "x#2"}, {"type": "library", "name": "x"}, {"type": "library", "name": "x"}, {"type": "library", "name": "x"}]}`)
	seen := map[string]bool{}
	for _, r := range tg.Resources {
		if seen[r.Address] {
			t.Fatalf("address %q given twice: %v", r.Address, tg.Resources)
		}
		seen[r.Address] = true
	}
}
