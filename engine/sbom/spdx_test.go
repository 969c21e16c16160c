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

const spdxFixture = "testdata/spdx/app.spdx.json"

func readFixture(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseSPDX(t *testing.T) {
	tg, err := Parse("app.spdx.json", readFixture(t, spdxFixture))
	if err != nil {
		t.Fatal(err)
	}
	in := tg.Input
	for k, want := range map[string]any{"format": "spdx-json", "encoding": "json", "spec_version": "SPDX-2.3", "schema": "unavailable",
		"decode_error": "", "serial_number": "https://example.com/spdx/app-1.0.0-0b7c8a4e", "component_count": 3} {
		if in[k] != want {
			t.Errorf("%s = %v, want %v", k, in[k], want)
		}
	}
	if len(in["schema_errors"].([]any)) != 0 || len(in["vulnerabilities"].([]any)) != 0 || len(in["findings"].([]any)) != 0 {
		t.Errorf("schema_errors %v vulnerabilities %v findings %v", in["schema_errors"], in["vulnerabilities"], in["findings"])
	}
	meta := in["metadata"].(map[string]any)
	if meta["timestamp"] != "2024-05-01T10:00:00Z" || meta["timestamp_ns"] != 1714557600000000000 {
		t.Errorf("timestamp %v %v", meta["timestamp"], meta["timestamp_ns"])
	}
	if want := []any{map[string]any{"vendor": "", "name": "syft", "version": "1.4.0"}}; !reflect.DeepEqual(meta["tools"], want) {
		t.Errorf("tools %v", meta["tools"])
	}
	if want := []any{map[string]any{"name": "Example Corp", "email": "sbom@example.com"}, map[string]any{"name": "Jane Doe", "email": ""}}; !reflect.DeepEqual(meta["authors"], want) {
		t.Errorf("authors %v", meta["authors"])
	}
	root := meta["component"].(*component).Map()
	if root["address"] != "app@1.0.0" || root["bom_ref"] != "SPDXRef-app" || root["type"] != "application" || root["supplier"] != "Example Corp" ||
		!reflect.DeepEqual(root["depends_on"], []any{"SPDXRef-lodash", "SPDXRef-dual", "SPDXRef-missing"}) {
		t.Errorf("described component %v", root)
	}
	var addrs []string
	for _, r := range tg.Resources {
		addrs = append(addrs, r.Type+" "+r.Address)
	}
	if want := []string{"sbom sbom", "component pkg:npm/lodash@4.17.21", "component pkg:npm/dual@2.0", "component pkg:npm/lodash@4.17.21#2"}; !reflect.DeepEqual(addrs, want) {
		t.Errorf("resources\n got %q\nwant %q", addrs, want)
	}
	lodash := comp(tg, 0)
	for k, want := range map[string]any{"bom_ref": "SPDXRef-lodash", "name": "lodash", "version": "4.17.21", "type": "library",
		"purl": "pkg:npm/lodash@4.17.21?repository_url=https://r.example", "purl_base": "pkg:npm/lodash@4.17.21", "purl_valid": true,
		"cpe": "cpe:2.3:a:lodash:lodash:4.17.21:*:*:*:*:*:*:*", "supplier": "OpenJS Foundation", "pointer": "/packages/1",
		"in_dependency_graph": true, "duplicate_of": ""} {
		if lodash[k] != want {
			t.Errorf("lodash %s = %v, want %v", k, lodash[k], want)
		}
	}
	if !reflect.DeepEqual(lodash["hashes"], []any{map[string]any{"alg": "SHA-256", "content": strings.Repeat("0", 64)}}) {
		t.Errorf("lodash hashes %v", lodash["hashes"])
	}
	// licenseConcluded NOASSERTION: licenseDeclared.
	if !reflect.DeepEqual(lodash["licenses"], []any{"MIT"}) || !reflect.DeepEqual(lodash["depends_on"], []any{"SPDXRef-dual"}) {
		t.Errorf("lodash licenses %v depends_on %v", lodash["licenses"], lodash["depends_on"])
	}
	dual := comp(tg, 1)
	if dual["supplier"] != "" || !reflect.DeepEqual(dual["licenses"], []any{"MIT OR GPL-3.0-only"}) ||
		!reflect.DeepEqual(dual["license_choices"], []any{[]any{"MIT"}, []any{"GPL-3.0-only"}}) || dual["in_dependency_graph"] != true {
		t.Errorf("dual %v", dual)
	}
	again := comp(tg, 2)
	if again["duplicate_of"] != "pkg:npm/lodash@4.17.21" || len(again["licenses"].([]any)) != 0 || again["in_dependency_graph"] != false {
		t.Errorf("lodash again %v", again)
	}
	// app→lodash (DEPENDS_ON and CONTAINS: one edge), app→dual (DEPENDENCY_OF
	// reversed), lodash→dual, app→missing; lodash CONTAINS a file and
	// dual DEPENDS_ON NOASSERTION are left out.
	g := in["dependency_graph"].(map[string]any)
	if g["edges"] != 4 || g["refs"] != 4 || g["cyclic"] != false || !reflect.DeepEqual(g["unknown_refs"], []any{"SPDXRef-missing"}) {
		t.Errorf("graph %v", g)
	}
}

func TestParseSPDXVariants(t *testing.T) {
	// A cycle, DESCRIBED_BY, cpe22Type, CONTAINED_BY.
	src := `{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "x", "documentNamespace": "urn:x",
	  "creationInfo": {"created": "yesterday", "creators": ["Tool: scanner"]},
	  "packages": [
	    {"name": "root", "SPDXID": "SPDXRef-root", "downloadLocation": "NONE"},
	    {"name": "a", "SPDXID": "SPDXRef-a", "versionInfo": "1", "downloadLocation": "NONE", "primaryPackagePurpose": "OPERATING_SYSTEM",
	     "externalRefs": [{"referenceCategory": "SECURITY", "referenceType": "cpe22Type", "referenceLocator": "cpe:/a:x:a:1"}]},
	    {"name": "b", "SPDXID": "SPDXRef-b", "versionInfo": "1", "downloadLocation": "NONE"}],
	  "relationships": [
	    {"spdxElementId": "SPDXRef-root", "relationshipType": "DESCRIBED_BY", "relatedSpdxElement": "SPDXRef-DOCUMENT"},
	    {"spdxElementId": "SPDXRef-a", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-b"},
	    {"spdxElementId": "SPDXRef-a", "relationshipType": "CONTAINED_BY", "relatedSpdxElement": "SPDXRef-b"}]}`
	tg, err := Parse("x.spdx.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	in := tg.Input
	meta := in["metadata"].(map[string]any)
	if in["spec_version"] != "SPDX-2.3" || meta["timestamp_ns"] != nil || meta["component"].(*component).Map()["name"] != "root" ||
		meta["tools"].([]any)[0].(map[string]any)["name"] != "scanner" {
		t.Errorf("document %v %v", in["spec_version"], meta)
	}
	if a := comp(tg, 0); a["cpe"] != "cpe:/a:x:a:1" || a["type"] != "operating-system" || a["address"] != "a@1" {
		t.Errorf("a %v", a)
	}
	if g := in["dependency_graph"].(map[string]any); g["cyclic"] != true || g["edges"] != 2 {
		t.Errorf("graph %v", g)
	}
	// SPDX 2.2, converted by the decoder.
	src22 := strings.Replace(string(readFixture(t, spdxFixture)), `"SPDX-2.3"`, `"SPDX-2.2"`, 1)
	src22 = strings.Replace(src22, `"primaryPackagePurpose": "APPLICATION",`, "", 1)
	if tg, err := Parse("x.spdx.json", []byte(src22)); err != nil || tg.Input["spec_version"] != "SPDX-2.2" || tg.Input["component_count"] != 3 ||
		comp(tg, 1)["licenses"].([]any)[0] != "MIT OR GPL-3.0-only" {
		t.Errorf("SPDX 2.2: %v", err)
	}
}

func TestParseSPDXErrors(t *testing.T) {
	src := readFixture(t, spdxFixture)
	cut := bytes2lines(src, 20)
	_, err := Parse("app.spdx.json", cut)
	var ds engine.Diagnostics
	if !errors.As(err, &ds) || ds[0].File != "app.spdx.json" || ds[0].Line != 20 || !strings.Contains(err.Error(), "app.spdx.json:20") {
		t.Errorf("truncated: %v", err)
	}
	if _, err := Parse("x.spdx.json", []byte(`{"spdxVersion": "SPDX-9.9"}`)); !errors.As(err, &ds) || !strings.Contains(err.Error(), "unsupported SPDX version") {
		t.Errorf("unsupported version: %v", err)
	}
	// Off the model: still a target, empty, invalid.
	for _, bad := range []string{`{"spdxVersion": "SPDX-2.3", "SPDXID": "DOCUMENT"}`, `{"spdxVersion": "SPDX-2.3", "packages": {"x": 1}}`} {
		tg, err := Parse("x.spdx.json", []byte(bad))
		if err != nil {
			t.Fatalf("%s: %v", bad, err)
		}
		if tg.Input["schema"] != "invalid" || tg.Input["decode_error"] == "" || len(tg.Input["schema_errors"].([]any)) != 1 || tg.Input["component_count"] != 0 {
			t.Errorf("%s: schema %v decode_error %v", bad, tg.Input["schema"], tg.Input["decode_error"])
		}
	}
	var sb strings.Builder
	sb.WriteString(`{"spdxVersion": "SPDX-2.3", "packages": [`)
	for i := range 11 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"name": "c%d", "SPDXID": "SPDXRef-%d", "downloadLocation": "NONE"}`, i, i)
	}
	sb.WriteString("]}")
	if _, err := New(Options{MaxComponents: 10}).Parse("x.spdx.json", []byte(sb.String())); err == nil || !strings.Contains(err.Error(), "more than 10 components") {
		t.Errorf("max components: %v", err)
	}
}

// bytes2lines is the first n lines of b.
func bytes2lines(b []byte, n int) []byte {
	for i, c := range b {
		if c == '\n' {
			if n--; n == 0 {
				return b[:i+1]
			}
		}
	}
	return b
}

func TestLoadSPDX(t *testing.T) {
	if !IsSBOMContent(readFixture(t, spdxFixture)) {
		t.Error("IsSBOMContent(SPDX)")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.spdx.json"), readFixture(t, spdxFixture), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bom.json"), []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	ts, err := New(Options{}).Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range ts {
		got = append(got, filepath.Base(tg.ID)+" "+tg.Input["format"].(string))
	}
	if want := []string{"app.spdx.json spdx-json", "bom.json CycloneDX"}; !reflect.DeepEqual(got, want) {
		t.Errorf("walk: %v", got)
	}
}
