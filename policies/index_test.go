package policies_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"testing"

	"github.com/paved-dev/paved/internal/testpolicies"
	"github.com/paved-dev/paved/policies"
)

var update = flag.Bool("update", false, "rewrite index.json from the policies' metadata")

// index.json must say exactly what the policies' METADATA says.
func TestIndexUpToDate(t *testing.T) {
	ps := testpolicies.Set(t)
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
