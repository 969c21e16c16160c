package sbom

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/paved-dev/paved/engine"
)

// viaCDX builds a JSON document the way XML is built: decoded whole by
// cyclonedx-go, then stated by build.
func viaCDX(t *testing.T, id string, src []byte) *engine.Target {
	t.Helper()
	var bom cdx.BOM
	if err := json.Unmarshal(src, &bom); err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	b := &builder{id: id, maxComponents: DefaultMaxComponents, maxDepth: DefaultMaxDepth, encoding: "json", spec: bom.SpecVersion.String()}
	if err := b.build(&bom); err != nil {
		t.Fatal(err)
	}
	return b.target(src)
}

// The one-pass JSON reader states a document as cyclonedx-go's decoder
// does: the sample and every CycloneDX JSON SBOM of the corpus.
func TestJSONReaderMatchesDecoder(t *testing.T) {
	// The inline sample runs whether or not the corpus is there.
	t.Run("sample", func(t *testing.T) { matchesDecoder(t, "sample", []byte(sample)) })
	t.Run("corpus", func(t *testing.T) {
		for _, f := range corpusFiles(t) {
			if strings.HasSuffix(f, ".json") {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				matchesDecoder(t, filepath.Base(f), b)
			}
		}
	})
}

// matchesDecoder checks the one-pass reader states src as cyclonedx-go's
// decoder does.
func matchesDecoder(t *testing.T, name string, src []byte) {
	t.Helper()
	got, err := Parse(name, src)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if got.Input["format"] != "CycloneDX" {
		return
	}
	want := viaCDX(t, name, src)
	for k, w := range want.Input {
		switch k {
		case "schema", "schema_errors", "decode_error", "spec_version":
			continue
		}
		if g := got.Input[k]; !reflect.DeepEqual(g, w) {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			t.Errorf("%s: %s differs:\n got %.600s\nwant %.600s", name, k, gj, wj)
		}
	}
	if !reflect.DeepEqual(got.Resources, want.Resources) {
		t.Errorf("%s: resources differ", name)
	}
}

// badInOrder is 300 components, one per line from line 2, the 150th and
// the 250th invalid: the first in document order is reported, though the
// workers read them in any order.
func badInOrder() string {
	var sb strings.Builder
	sb.WriteString(`{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [`)
	for i := range 300 {
		sb.WriteString("\n")
		switch i {
		case 149, 249:
			sb.WriteString(`{"name": "c" "x"}`)
		default:
			sb.WriteString(`{"name": "c"}`)
		}
		if i < 299 {
			sb.WriteString(",")
		}
	}
	sb.WriteString("]}")
	return sb.String()
}

// Bad input the one-pass reader meets: each is a Diagnostic at its line,
// or a schema-invalid target that fails SBOM-001.
func TestJSONReaderBadInput(t *testing.T) {
	for name, tc := range map[string]struct {
		src, msg string
		line     int
	}{
		"truncated in a component": {`{"bomFormat": "CycloneDX", "specVersion": "1.5",
"components": [{"name": "a"},
{"name": "b"`, "invalid JSON", 3},
		"truncated after a key": {`{"bomFormat": "CycloneDX", "components"`, "invalid JSON", 1},
		"syntax in a component": {`{"bomFormat": "CycloneDX", "specVersion": "1.5",
"components": [{"name": "a"},
{"name": "b",}]}`, "invalid JSON", 3},
		"brackets crossed":     {"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\",\n\"components\": [{\"name\": \"a\"}}, \"x\": 1}", "invalid JSON", 2},
		"no colon":             {"{\"bomFormat\" \"CycloneDX\"}", "invalid JSON", 1},
		"trailing comma":       {"{\"bomFormat\": \"CycloneDX\",\n}", "invalid JSON", 2},
		"comma in array":       {"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"components\": [{\"name\": \"a\"},\n]}", "invalid JSON", 2},
		"bad literal":          {"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"components\": [\ntru]}", "invalid JSON", 2},
		"bad member value":     {"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\",\n\"serialNumber\": nul}", "invalid JSON", 2},
		"first bad in order":   {badInOrder(), "invalid JSON", 151},
		"trailing data":        {`{"bomFormat": "CycloneDX", "specVersion": "1.5"} {}`, "after the top-level object", 1},
		"duplicate components": {"{\"bomFormat\": \"CycloneDX\", \"components\": [],\n\"components\": [{\"name\": \"hidden\"}]}", `"components" appears twice`, 2},
		"spec 2.0":             {`{"bomFormat": "CycloneDX", "specVersion": "2.0", "components": [{"name": "a"}]}`, `specVersion "2.0"`, 0},
		"spec number":          {`{"bomFormat": "CycloneDX", "specVersion": 1.5}`, "specVersion 1.5", 0},
		"unvalidated mistyped": {`{"bomFormat": "CycloneDX", "specVersion": "1.2", "components": [{"name": ["a"]}]}`, "/components/0/name: want a string", 0},
		"unvalidated not list": {`{"bomFormat": "CycloneDX", "specVersion": "1.3", "dependencies": {"ref": "a"}}`, "/dependencies: want an array", 0},
		"too deep":             {`{"bomFormat": "CycloneDX", "specVersion": "1.2", "components": [` + strings.Repeat(`{"name": "a", "components": [`, 70) + strings.Repeat(`]}`, 70) + `]}`, "nested too deeply", 0},
	} {
		tg, err := Parse("bom.json", []byte(tc.src))
		var ds engine.Diagnostics
		if tg != nil || !errors.As(err, &ds) {
			t.Errorf("%s: target %v, error %v", name, tg != nil, err)
			continue
		}
		if !strings.Contains(ds[0].Message, tc.msg) || ds[0].Line != tc.line || ds[0].File != "bom.json" {
			t.Errorf("%s: %s:%d: %s", name, ds[0].File, ds[0].Line, ds[0].Message)
		}
	}
	// Mistyped and validated: schema-invalid, empty, decode_error set.
	tg := mustParse(t, `{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": {"x": 1}}]}`)
	if tg.Input["schema"] != "invalid" || tg.Input["decode_error"] != "/components/0/name: want a string" || tg.Input["component_count"] != 0 {
		t.Errorf("schema %v decode_error %v components %v", tg.Input["schema"], tg.Input["decode_error"], tg.Input["component_count"])
	}
}

// Repeated components and dependencies break the schema's uniqueItems,
// found without comparing every pair; equal means equal as JSON values.
func TestJSONReaderUniqueItems(t *testing.T) {
	tg := mustParse(t, `{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
  {"type": "library", "name": "a", "version": "1"}, {"type": "library", "name": "b"},
  {"version": "1", "name": "a", "type": "library"}],
  "dependencies": [{"ref": "a", "dependsOn": []}, {"ref": "a"}]}`)
	errs := tg.Input["schema_errors"].([]any)
	if tg.Input["schema"] != "invalid" || len(errs) != 1 || errs[0].(map[string]any)["path"] != "/components" ||
		errs[0].(map[string]any)["msg"] != "items at 0 and 2 are equal" {
		t.Errorf("schema %v errors %v", tg.Input["schema"], errs)
	}
	if d1, d2 := digest(map[string]any{"n": json.Number("1.0")}), digest(map[string]any{"n": json.Number("1")}); d1 != d2 {
		t.Error("1.0 and 1 digest differently")
	}
	if d1, d2 := digest([]any{"a", "b"}), digest([]any{"ab"}); d1 == d2 {
		t.Error(`["a","b"] and ["ab"] digest alike`)
	}
	// Members are summed, not sorted: the sum must still tie each key to
	// its value, and arrays keep their order.
	for _, tc := range [][2]any{
		{map[string]any{"a": "x", "b": "y"}, map[string]any{"a": "y", "b": "x"}},
		{[]any{"x", "y"}, []any{"y", "x"}},
		{map[string]any{"a": map[string]any{}}, map[string]any{"a": []any{}}},
		{map[string]any{"a": nil}, map[string]any{}},
		{"1", json.Number("1")},
		{false, nil},
	} {
		if digest(tc[0]) == digest(tc[1]) {
			t.Errorf("%v and %v digest alike", tc[0], tc[1])
		}
	}
	a := map[string]any{"x": []any{json.Number("-0"), true}, "y": map[string]any{"z": "w", "v": nil}}
	b := map[string]any{"y": map[string]any{"v": nil, "z": "w"}, "x": []any{json.Number("0.0"), true}}
	if digest(a) != digest(b) {
		t.Error("equal objects digest differently")
	}
}

// The arrays read element by element are, in every embedded schema, lists
// of unique items of one definition and nothing more: the reader checks
// exactly that.
func TestStreamedArraysSchema(t *testing.T) {
	for _, v := range []string{"1.4", "1.5", "1.6"} {
		b, err := schemaFS.ReadFile("schema/bom-" + v + ".schema.json")
		if err != nil {
			t.Fatal(err)
		}
		var s struct {
			Properties map[string]map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		for key, def := range streamed {
			p := s.Properties[key]
			for k, val := range p {
				switch k {
				case "type", "title", "description":
				case "uniqueItems":
					if val != true {
						t.Errorf("%s %s: uniqueItems %v", v, key, val)
					}
				case "additionalItems":
					if val != false {
						t.Errorf("%s %s: additionalItems %v", v, key, val)
					}
				case "items":
					if !reflect.DeepEqual(val, map[string]any{"$ref": "#/definitions/" + def}) {
						t.Errorf("%s %s: items %v", v, key, val)
					}
				default:
					t.Errorf("%s %s: keyword %s the reader does not check", v, key, k)
				}
			}
			if p["type"] != "array" || p["uniqueItems"] != true {
				t.Errorf("%s %s: %v", v, key, p)
			}
		}
	}
}

// The hand-made hash matcher agrees with the schemas' regexp.
func TestHexDigestMatchesPattern(t *testing.T) {
	re := regexp.MustCompile(hashPattern)
	for _, n := range []int{0, 1, 31, 32, 33, 40, 63, 64, 96, 127, 128, 129} {
		for _, c := range []string{"a", "F", "0", "g", " ", "é"} {
			for _, s := range []string{strings.Repeat(c, n), strings.Repeat("0", max(n-1, 0)) + c, c + strings.Repeat("0", max(n-1, 0))} {
				if got, want := (hexDigest{}).MatchString(s), re.MatchString(s); got != want {
					t.Errorf("%q: %v, regexp %v", s, got, want)
				}
			}
		}
	}
}

// bomFormat and specVersion are found wherever they stand, so that
// elements are validated as they are read.
func TestPrescan(t *testing.T) {
	for src, want := range map[string]string{
		`{"components": [{"name": "x\"bomFormat\": 1", "a": {"specVersion": "9"}}], "specVersion": "1.4", "bomFormat": "CycloneDX"}`: "CycloneDX 1.4 true false",
		`{"bomFormat": "CycloneDX", "specVersion": 1.5}`:       "CycloneDX 1.5 true false",
		`{"bomFormat": "CycloneDX"}`:                           "CycloneDX {} true false",
		`{"specVersion": "1.4"}`:                               "<nil> 1.4 false false",
		`{"bomFormat": "CycloneDX", "x": "unterminated`:        "<nil> <nil> false false",
		`{"a": {"spdxVersion": 1}, "spdxVersion": "SPDX-2.3"}`: "<nil> <nil> false true",
	} {
		f, s, ok, spdx := prescan([]byte(src))
		if got := fmt.Sprint(f, " ", s, " ", ok, " ", spdx); got != want {
			t.Errorf("%s: %s, want %s", src, got, want)
		}
	}
	// Sorted keys: components before specVersion, still validated.
	tg := mustParse(t, `{"components": [{"type": "librari", "name": "a"}], "specVersion": "1.5", "bomFormat": "CycloneDX"}`)
	if errs := tg.Input["schema_errors"].([]any); tg.Input["schema"] != "invalid" || errs[0].(map[string]any)["path"] != "/components/0/type" {
		t.Errorf("schema %v errors %v", tg.Input["schema"], errs)
	}
}

// A million components is beyond the default limit: reading stops there
// with a Diagnostic, before the rest is decoded.
func TestMillionComponents(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`{"bomFormat": "CycloneDX", "specVersion": "1.2", "components": [`)
	for i := range 1_000_000 {
		if i > 0 {
			sb.WriteString(",\n")
		}
		sb.WriteString(`{"name":"c"}`)
	}
	sb.WriteString("]}")
	tg, err := Parse("bom.json", []byte(sb.String()))
	var ds engine.Diagnostics
	if tg != nil || !errors.As(err, &ds) || !strings.Contains(ds[0].Message, "more than 200000 components") || ds[0].Line != DefaultMaxComponents {
		t.Fatalf("target %v: %v", tg != nil, err)
	}
}

// Huge strings and dependency cycles load: a 10 MB name, a cycle of 1,000.
func TestHugeStringsAndCycles(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"type": "library", "bom-ref": "big", "name": "`)
	sb.WriteString(strings.Repeat("x", 10<<20))
	sb.WriteString(`"}`)
	for i := range 1000 {
		fmt.Fprintf(&sb, `, {"type": "library", "bom-ref": "c%d", "name": "c%d"}`, i, i)
	}
	sb.WriteString(`], "dependencies": [`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"ref": "c%d", "dependsOn": ["c%d"]}`, i, (i+1)%1000)
	}
	sb.WriteString("]}")
	tg := mustParse(t, sb.String())
	g := tg.Input["dependency_graph"].(map[string]any)
	if tg.Input["component_count"] != 1001 || g["cyclic"] != true || g["edges"] != 1000 || len(comp(tg, 0)["name"].(string)) != 10<<20 {
		t.Errorf("components %v graph %v", tg.Input["component_count"], g)
	}
}

// Schema errors come out in the same order, with the same text, run after
// run: the validator meets an object's members in map order.
func TestSchemaErrorsDeterministic(t *testing.T) {
	// More errors than the cap keeps, spread over several members of one
	// component: which 20 are kept must not depend on map order.
	bad := `[` + strings.Repeat(`{"alg": 1, "content": 2},`, 12) + `{"alg": 1}]`
	doc := []byte(`{"bomFormat": "CycloneDX", "specVersion": "1.4", "serialNumber": "", "metadata": {"7": {}, "x": 1, "y": 2},
		"components": [{"": "", "aaaaaaaa": [], "b": 1, "c": 2, "d": 3},
			{"type": "library", "name": "n", "hashes": ` + bad + `, "externalReferences": ` + bad + `, "properties": ` + bad + `}]}`)
	first, err := Parse("bom", doc)
	if err != nil {
		t.Fatal(err)
	}
	want := first.Input["schema_errors"]
	if n := len(want.([]any)); n < 4 {
		t.Fatalf("only %d schema errors: %v", n, want)
	}
	for range 30 {
		tg, err := Parse("bom", doc)
		if err != nil {
			t.Fatal(err)
		}
		if got := tg.Input["schema_errors"]; !reflect.DeepEqual(got, want) {
			t.Fatalf("schema errors\n%v\nthen\n%v", want, got)
		}
	}
}

func TestComparePointers(t *testing.T) {
	ps := []string{"/hashes/10/alg", "", "/metadata", "/hashes/2", "/hashes/2/alg", "/a"}
	slices.SortFunc(ps, comparePointers)
	want := []string{"", "/a", "/hashes/2", "/hashes/2/alg", "/hashes/10/alg", "/metadata"}
	if !slices.Equal(ps, want) {
		t.Errorf("sorted %q, want %q", ps, want)
	}
}
