package policies_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/policies"
)

var update = flag.Bool("update", false, "rewrite index.json from the policies' metadata")

// index.json must say exactly what the policies' METADATA says.
func TestIndexUpToDate(t *testing.T) {
	var srcs []engine.PolicySource
	dirs, err := fs.ReadDir(policies.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		dir := d.Name()
		sub, err := fs.Sub(policies.FS, dir)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, engine.PolicySource{Name: "builtin/" + dir, FS: sub})
	}
	ps, err := engine.LoadPolicies(context.Background(), engine.LoadOptions{}, srcs...)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(ps.Policies, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if *update {
		if err := os.WriteFile(policies.IndexFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := fs.ReadFile(policies.FS, policies.IndexFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) && !*update {
		t.Fatal("policies/index.json is stale: run `make docs` (go test ./policies -run TestIndexUpToDate -update)")
	}
}
