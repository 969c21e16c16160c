package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/paved-dev/paved/engine"
)

// publishedSchema is where users find the JSON Schema.
var publishedSchema = filepath.Join("..", "..", "schemas", "paved.report.v1.json")

func TestPublishedSchemaMatchesEmbedded(t *testing.T) {
	pub, err := os.ReadFile(publishedSchema)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pub, JSONSchema()) {
		t.Fatal("schemas/paved.report.v1.json differs from engine/report/schema/paved.report.v1.json; copy one over the other")
	}
	s := JSONSchema()
	s[0] = 'X'
	if JSONSchema()[0] == 'X' {
		t.Fatal("JSONSchema returns shared state")
	}
}

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(abs)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return sch
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return v
}

func TestJSONValidatesAgainstSchema(t *testing.T) {
	sch := compileSchema(t, publishedSchema)
	for name := range fixtures() {
		t.Run(name, func(t *testing.T) {
			out := render(t, FormatJSON, name, Options{})
			if err := sch.Validate(decode(t, out)); err != nil {
				t.Fatalf("json output does not match its schema: %v", err)
			}
			var doc map[string]any
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			if doc["schema"] != "paved.report/v1" {
				t.Errorf("schema = %v", doc["schema"])
			}
		})
	}
}

// TestSchemaBites proves the schema rejects documents that break the
// contract, so a regression in the report model cannot pass unnoticed.
func TestSchemaBites(t *testing.T) {
	sch := compileSchema(t, publishedSchema)
	mutations := []struct {
		name   string
		mutate func(doc map[string]any)
	}{
		{"bad status", func(d map[string]any) { result0(d)["status"] = "passed" }},
		{"bad severity", func(d map[string]any) { result0(d)["policy"].(map[string]any)["severity"] = "urgent" }},
		{"bad enforcement", func(d map[string]any) { policy0(d)["enforcement"] = "block" }},
		{"bad kind", func(d map[string]any) { d["targets"].([]any)[0].(map[string]any)["kind"] = "helm" }},
		{"missing fingerprint", func(d map[string]any) { delete(result0(d), "fingerprint") }},
		{"unknown result field", func(d map[string]any) { result0(d)["blocking"] = true }},
		{"unknown top-level field", func(d map[string]any) { d["extra"] = 1 }},
		{"wrong schema version", func(d map[string]any) { d["schema"] = "paved.report/v2" }},
		{"line zero", func(d map[string]any) { result0(d)["location"].(map[string]any)["line"] = 0 }},
		{"waived without waiver", func(d map[string]any) {
			for _, r := range d["results"].([]any) {
				if r := r.(map[string]any); r["status"] == "waived" {
					delete(r, "waiver_id")
				}
			}
		}},
		{"fail without message", func(d map[string]any) {
			for _, r := range d["results"].([]any) {
				if r := r.(map[string]any); r["status"] == "fail" {
					delete(r, "message")
				}
			}
		}},
		{"summary missing severity", func(d map[string]any) {
			delete(d["summary"].(map[string]any)["by_severity"].(map[string]any), "low")
		}},
		{"null results", func(d map[string]any) { d["results"] = nil }},
		{"bad time", func(d map[string]any) { d["run"].(map[string]any)["started_at"] = "yesterday" }},
		{"bad digest", func(d map[string]any) { d["policy_set"].(map[string]any)["digest"] = "md5:abc" }},
	}
	out := render(t, FormatJSON, "full", Options{})
	if err := sch.Validate(decode(t, out)); err != nil {
		t.Fatalf("unmutated document invalid: %v", err)
	}
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			doc := decode(t, out).(map[string]any)
			m.mutate(doc)
			if err := sch.Validate(doc); err == nil {
				t.Fatal("schema accepted a broken document")
			}
		})
	}
}

func result0(d map[string]any) map[string]any { return d["results"].([]any)[0].(map[string]any) }
func policy0(d map[string]any) map[string]any { return d["policies"].([]any)[0].(map[string]any) }

// The json format writes [] rather than null, and stamps the schema name.
func TestJSONNormalizes(t *testing.T) {
	r := emptyReport()
	r.Schema = ""
	r.Targets = nil
	r.Policies[0].Controls = nil
	r.Summary.BySeverity = nil
	var buf bytes.Buffer
	if err := Write(&buf, FormatJSON, r); err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t, publishedSchema).Validate(decode(t, buf.Bytes())); err != nil {
		t.Fatalf("normalized document invalid: %v\n%s", err, buf.String())
	}
}

// TestSchemaDescribesEveryField walks the report's Go types beside its
// schema: every member encoding/json writes is a property there, every
// property a member, every object closed to others, and no member the
// schema requires is omitempty. A field added to engine.Result (or any
// type of the report) fails here until the schema describes it, whether
// or not a fixture sets it.
func TestSchemaDescribesEveryField(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(JSONSchema(), &root); err != nil {
		t.Fatal(err)
	}
	resolve := func(s map[string]any) map[string]any {
		for s != nil {
			ref, ok := s["$ref"].(string)
			if !ok {
				break
			}
			var node any = root
			for _, k := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				node = node.(map[string]any)[k]
			}
			s, _ = node.(map[string]any)
		}
		return s
	}
	marshaler := reflect.TypeFor[json.Marshaler]()
	var walk func(path string, typ reflect.Type, s map[string]any)
	walk = func(path string, typ reflect.Type, s map[string]any) {
		if s = resolve(s); s == nil {
			t.Errorf("%s: not in the schema", path)
			return
		}
		switch {
		case typ.Implements(marshaler):
			// Encodes itself (time.Time): the schema constrains its value.
		case typ.Kind() == reflect.Pointer:
			walk(path, typ.Elem(), s)
		case typ.Kind() == reflect.Slice:
			items, _ := s["items"].(map[string]any)
			walk(path+"[]", typ.Elem(), items)
		case typ.Kind() == reflect.Struct:
			props, _ := s["properties"].(map[string]any)
			if s["additionalProperties"] != false {
				t.Errorf("%s: the schema does not set additionalProperties false: a new field would pass unseen", path)
			}
			members := jsonMembers(typ)
			for name, m := range members {
				if _, ok := props[name]; !ok {
					t.Errorf("%s.%s (%s) is written but the schema does not describe it", path, name, typ)
					continue
				}
				walk(path+"."+name, m.typ, props[name].(map[string]any))
			}
			for name := range props {
				if _, ok := members[name]; !ok {
					t.Errorf("%s.%s is in the schema but %s has no such field", path, name, typ)
				}
			}
			required, _ := s["required"].([]any)
			for _, name := range required {
				if m, ok := members[name.(string)]; ok && m.omitEmpty {
					t.Errorf("%s.%s is required by the schema but omitempty in %s", path, name, typ)
				}
			}
		}
	}
	walk("report", reflect.TypeFor[engine.Report](), root)
}

type jsonMember struct {
	typ       reflect.Type
	omitEmpty bool
}

// jsonMembers are the object members encoding/json writes for a struct
// type, by name: exported fields not tagged "-", under their tag's name,
// untagged embedded structs' members inlined.
func jsonMembers(typ reflect.Type) map[string]jsonMember {
	out := map[string]jsonMember{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			for n, m := range jsonMembers(ft) {
				if _, ok := out[n]; !ok {
					out[n] = m
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = jsonMember{typ: f.Type, omitEmpty: strings.Contains(","+opts+",", ",omitempty,")}
	}
	return out
}

// writeSpliced writes the list's punctuation itself. Indented, the
// document must come out as encoding it whole would; compact, it must read
// back as the whole one with each element on a line of its own. Both when
// a string before the list reads like the list's member.
func TestWriteSpliced(t *testing.T) {
	type inner struct {
		Note    string   `json:"note"`
		Results []string `json:"results"`
		After   []int    `json:"after"`
	}
	type doc struct {
		Lead  string  `json:"lead"`
		Inner []inner `json:"inner"`
	}
	for _, n := range []int{0, 1, 3} {
		items := make([]string, n)
		for i := range items {
			items[i] = strings.Repeat("<&>", i) + "\n  \"results\": []"
		}
		d := doc{Lead: "\n      \"results\": []", Inner: []inner{{Note: "x", Results: []string{}, After: []int{1, 2}}}}
		var indented, compact bytes.Buffer
		if err := writeSpliced(&indented, d, "results", 3, true, slices.Values(items)); err != nil {
			t.Fatal(err)
		}
		if err := writeSpliced(&compact, d, "results", 3, false, slices.Values(items)); err != nil {
			t.Fatal(err)
		}
		d.Inner[0].Results = items
		var whole bytes.Buffer
		enc := json.NewEncoder(&whole)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
		if indented.String() != whole.String() {
			t.Errorf("%d items, indented: got\n%s\nwant\n%s", n, indented.String(), whole.String())
		}
		var back doc
		if err := json.Unmarshal(compact.Bytes(), &back); err != nil || !reflect.DeepEqual(back, d) {
			t.Errorf("%d items, compact: read back %+v (%v), want %+v", n, back, err, d)
		}
		lines := strings.Split(compact.String(), "\n")
		for i, item := range items {
			var line bytes.Buffer
			enc := json.NewEncoder(&line)
			enc.SetEscapeHTML(false)
			enc.Encode(item)
			want := "        " + strings.TrimSuffix(line.String(), "\n")
			if i < n-1 {
				want += ","
			}
			if !slices.Contains(lines, want) {
				t.Errorf("%d items, compact: no line %q in\n%s", n, want, compact.String())
			}
		}
	}
	if err := writeSpliced(&bytes.Buffer{}, map[string]int{"results": 1}, "results", 1, false, slices.Values([]int{})); err == nil {
		t.Error("writeSpliced found a list to fill in a document without one")
	}
}
