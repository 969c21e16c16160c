package testcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// From any directory of a module, ../shared is found beside its root;
// present, it is returned; absent, the test skips and goes no further.
func TestFind(t *testing.T) {
	tmp := t.TempDir()
	mod := filepath.Join(tmp, "main")
	deep := filepath.Join(mod, "engine", "sbom")
	for _, d := range []string{deep, filepath.Join(tmp, "shared", "corpus", "sbom"), filepath.Join(tmp, "shared", "schemas", "schemastore")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sarif := filepath.Join(tmp, "shared", "schemas", "schemastore", "sarif-2.1.0.json")
	if err := os.WriteFile(sarif, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(deep)
	root, _ := filepath.EvalSymlinks(tmp)
	want := func(rel string) string { return filepath.Join(root, "shared", rel) }

	if got, _ := filepath.EvalSymlinks(Path("corpus/sbom")); got != want("corpus/sbom") {
		t.Errorf("Path = %s, want %s", got, want("corpus/sbom"))
	}
	if got, _ := filepath.EvalSymlinks(Dir(t, "sbom")); got != want("corpus/sbom") {
		t.Errorf("Dir = %s, want %s", got, want("corpus/sbom"))
	}
	if got, _ := filepath.EvalSymlinks(Schema(t, "schemastore/sarif-2.1.0.json")); got != want("schemas/schemastore/sarif-2.1.0.json") {
		t.Errorf("Schema = %s", got)
	}

	// Absent, a test skips (outside CI: under PAVED_REQUIRE_SERVICES=1 it
	// fails, as testenv.Missing does).
	t.Setenv("PAVED_REQUIRE_SERVICES", "")
	for name, find := range map[string]func(testing.TB){
		"absent corpus": func(tb testing.TB) { Dir(tb, "terraform") },
		"absent schema": func(tb testing.TB) { Schema(tb, "cyclonedx/bom-1.6.schema.json") },
	} {
		var sub *testing.T
		reached := false
		t.Run(name, func(t *testing.T) {
			sub = t
			find(t)
			reached = true
		})
		if reached || !sub.Skipped() {
			t.Errorf("%s: not skipped", name)
		}
	}

	t.Chdir(tmp) // no go.mod above
	if got := Path("corpus/sbom"); got != "" {
		t.Errorf("outside a module: Path = %q, want \"\"", got)
	}
}
