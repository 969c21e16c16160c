package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func validate(t *testing.T, schemaPath, doc string) {
	t.Helper()
	abs, err := filepath.Abs(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := jsonschema.NewCompiler().Compile(abs)
	if err != nil {
		t.Fatalf("compile %s: %v", schemaPath, err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := sch.Validate(v); err != nil {
		t.Fatalf("output does not meet %s: %v", schemaPath, err)
	}
}

// A real check's JSON and SARIF meet the published schemas, end to end.
func TestCheckOutputsMeetSchemas(t *testing.T) {
	dir := t.TempDir()
	sarif := filepath.Join(dir, "r.sarif")
	code, out, errs := paved(t, "check", "../../examples/terraform/insecure-stack", "-f", "json", "-o", "sarif="+sarif)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	validate(t, "../../schemas/paved.report.v1.json", out)
	const sarifSchema = "../../../shared/schemas/schemastore/sarif-2.1.0.json"
	if _, err := os.Stat(sarifSchema); err != nil {
		t.Skipf("SARIF schema not found at %s (it lives in ../shared/schemas): %v", sarifSchema, err)
	}
	b, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, sarifSchema, string(b))
	if !strings.Contains(string(b), `"uri": "examples/terraform/insecure-stack/modules/bucket/main.tf"`) &&
		!strings.Contains(string(b), `"uri":"examples/terraform/insecure-stack/modules/bucket/main.tf"`) {
		t.Errorf("SARIF locations must name files as the repository does:\n%.2000s", b)
	}
}
