package check

import (
	"bytes"
	"context"
	"testing"

	"github.com/paved-dev/paved/internal/testpolicies"
)

// The built-in set loaded through its index (files read only when parsed)
// has the digest and files of the same set read and parsed in full.
func TestBuiltinIndexSameSet(t *testing.T) {
	pol, err := LoadPolicies(context.Background(), PolicyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	full := testpolicies.Set(t)
	if pol.Set.Digest != full.Digest {
		t.Fatalf("digest through the index %s, read in full %s", pol.Set.Digest, full.Digest)
	}
	got, want := testpolicies.Files(t, pol.Set), testpolicies.Files(t, full)
	if len(got) != len(want) {
		t.Fatalf("%d files through the index, %d read in full", len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s differs through the index", name)
		}
	}
	if len(pol.Set.Policies) != len(full.Policies) {
		t.Fatalf("%d policies through the index, %d read in full", len(pol.Set.Policies), len(full.Policies))
	}
	for i, p := range pol.Set.Policies {
		if q := full.Policies[i]; p.ID != q.ID || p.File != q.File || p.Package != q.Package {
			t.Errorf("policy %d: %s %s through the index, %s %s read in full", i, p.ID, p.File, q.ID, q.File)
		}
	}
}
