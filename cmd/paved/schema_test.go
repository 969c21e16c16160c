package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/testcorpus"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
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
	b, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, string(b))
	if !strings.Contains(string(b), `"uri": "examples/terraform/insecure-stack/modules/bucket/main.tf"`) &&
		!strings.Contains(string(b), `"uri":"examples/terraform/insecure-stack/modules/bucket/main.tf"`) {
		t.Errorf("SARIF locations must name files as the repository does:\n%.2000s", b)
	}
}

// The project's own GitHub workflows, Action and Dependabot config meet
// SchemaStore's schemas (the golden path paved holds itself to).
func TestOwnGitHubConfigMeetsSchemas(t *testing.T) {
	store := testcorpus.Schema(t, "schemastore")
	files, _ := filepath.Glob("../../.github/workflows/*.yml")
	if len(files) == 0 {
		t.Fatal("no workflows found")
	}
	check := func(schema, file string) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// YAML 1.2 (yaml.v3): `on:` is a key, not the boolean YAML 1.1 makes it.
		var doc any
		if err := yaml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		js, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		validate(t, filepath.Join(store, schema), string(js))
	}
	for _, f := range files {
		check("github-workflow.json", f)
	}
	// The GitHub Action and the example workflow that uses it.
	check("github-action.json", "../../actions/action.yml")
	examples, _ := filepath.Glob("../../examples/workflows/*.yml")
	if len(examples) == 0 {
		t.Fatal("no example workflows found")
	}
	for _, f := range examples {
		check("github-workflow.json", f)
	}
	check("dependabot-2.0.json", "../../.github/dependabot.yml")
	check("pre-commit-hooks.json", "../../.pre-commit-hooks.yaml")
	// pre-commit-config.json uses a look-ahead regex Go's RE2 cannot compile.
	check("catalog-info.json", "../../catalog-info.yaml")
}

// validateSARIF validates doc against the SARIF 2.1.0 schema (SchemaStore's,
// beside the repository) in a subtest, which skips, saying why, when the
// schema is absent; the calling test goes on either way.
func validateSARIF(t *testing.T, doc string) {
	t.Helper()
	t.Run("SARIF 2.1.0 schema", func(t *testing.T) {
		validate(t, testcorpus.Schema(t, "schemastore/sarif-2.1.0.json"), doc)
	})
}
