package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paved-dev/paved/internal/jsonschema"

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

// The results are written one by one into the document, byte for byte as
// encoding the whole report would.
func TestJSONStreamsLikeOneEncode(t *testing.T) {
	// The result encoder writes these fields by hand: a new one must be
	// added there (and to the results below), or it would be dropped.
	if n, m := reflect.TypeFor[engine.Result]().NumField(), reflect.TypeFor[engine.Location]().NumField(); n != 9 || m != 2 {
		t.Fatalf("engine.Result has %d fields, Location %d: update resultEncoder and this test", n, m)
	}
	rep := &engine.Report{Schema: engine.ReportSchema, FailOn: "high", Summary: engine.Summary{BySeverity: map[string]int{}}}
	for i := range 3 {
		rep.Results = append(rep.Results, engine.Result{Status: engine.StatusFail, Resource: fmt.Sprintf("r<%d>\n\"results\": []", i),
			Policy: &engine.PolicyRef{ID: "P", Controls: []string{"a"}}, Location: &engine.Location{File: "f", Line: i}})
	}
	// Every field set and unset, shared and unshared references, and
	// strings that need escaping: results are written without reflection.
	rng := rand.New(rand.NewPCG(3, 4))
	texts := []string{"", "plain", "quote\" back\\", "tab\t nl\n cr\r", "\x00\x1f\x7f", "<b>&amp;</b>", "é ü 漢字",
		"line\u2028sep\u2029", "bad \xff utf8", "pkg:npm/@scope/name@1.0.0?x=y#z"}
	pick := func() string { return texts[rng.IntN(len(texts))] }
	policies := []*engine.PolicyRef{nil, {ID: "P-1", Title: pick(), Severity: "high", Enforcement: "deny", Controls: []string{pick(), "c"},
		Related: []string{"r"}, Remediation: "fix <it>\n\nnow", Tags: []string{"t"}}, {ID: "P-2"}}
	targets := []*engine.TargetRef{nil, {Kind: "sbom", ID: pick(), Digest: "sha256:00", Owner: pick()}, {Kind: "repo", ID: "."}}
	for range 300 {
		r := engine.Result{Status: engine.Status(pick()), Policy: policies[rng.IntN(len(policies))], Target: targets[rng.IntN(len(targets))],
			Resource: pick(), Message: pick(), Fingerprint: pick(), WaiverID: pick(), Baseline: rng.IntN(2) == 0}
		switch rng.IntN(3) {
		case 1:
			r.Location = &engine.Location{File: pick()}
		case 2:
			r.Location = &engine.Location{File: pick(), Line: rng.IntN(100) - 10}
		}
		rep.Results = append(rep.Results, r)
	}
	var got bytes.Buffer
	if err := writeJSON(&got, rep); err != nil {
		t.Fatal(err)
	}
	doc := *rep
	doc.Targets, doc.Policies = []engine.TargetSummary{}, []*engine.Policy{}
	doc.Summary.BySeverity = map[string]int{"critical": 0, "high": 0, "medium": 0, "low": 0}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&doc); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("got\n%s\nwant\n%s", got.String(), want.String())
	}
}
