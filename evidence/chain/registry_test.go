package chain

import (
	"context"
	"io"
	"log"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/paved-dev/paved/evidence/ocistore"
)

func testRegistry(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

var ociOptions = ocistore.Options{Keychain: authn.NewMultiKeychain()}

// Bundles pushed to a registry (go-containerregistry's, on loopback) chain
// as they do in a directory: the chain verifies, the previous bundle is
// found by the manifests' annotations and then verified, and a deleted
// bundle is a gap.
func TestRegistryChain(t *testing.T) {
	ctx := context.Background()
	host := testRegistry(t)
	repo := host + "/acme/evidence"
	dir := t.TempDir()
	names, digests := writeChain(t, dir, testScope, 4)
	// Another scope's bundle in the same repository, finished last.
	writeRun(t, dir, run{name: "fleet", scope: "fleet:prod", at: day(9)})
	names = append(names, "fleet")
	for _, n := range names {
		tag := strings.TrimSuffix(n, ".tar.gz")
		if _, err := ocistore.Push(ctx, "oci://"+repo+":"+tag, filepath.Join(dir, n), ociOptions); err != nil {
			t.Fatal(err)
		}
	}
	// A second tag on a manifest is the same bundle.
	if _, err := ocistore.Push(ctx, "oci://"+repo+":latest", filepath.Join(dir, names[3]), ociOptions); err != nil {
		t.Fatal(err)
	}

	loc, err := Locate("oci://" + repo)
	if err != nil || loc.Kind != Registry || loc.String() != "oci://"+repo {
		t.Fatalf("Locate: %+v, %v", loc, err)
	}
	opts := Options{Verify: testVerify(t), OCI: ociOptions}
	rep, err := Verify(ctx, loc, opts)
	if err != nil {
		t.Fatal(err)
	}
	s := scopeOf(t, rep, testScope)
	if !rep.Intact || rep.Bundles != 5 || len(s.Runs) != 4 || s.Runs[3].Digest != digests[3] || s.Runs[0].Name != "b1" {
		t.Fatalf("registry chain: %+v\n%+v", rep, s)
	}

	ix, err := ReadIndex(ctx, loc, ociOptions)
	if err != nil {
		t.Fatal(err)
	}
	l, err := ix.Previous(ctx, testScope, testVerify(t))
	if err != nil || l == nil || l.Digest != digests[3] || !l.SignatureVerified {
		t.Fatalf("previous in the registry: %+v, %v", l, err)
	}
	if l, err := ix.Previous(ctx, "nobody", testVerify(t)); l != nil || err != nil {
		t.Errorf("a scope the registry lacks: %+v, %v", l, err)
	}

	// Two runs in the same second: the annotations cannot tell them
	// apart, the verified predicates can.
	same := t.TempDir()
	at := day(20).Add(100 * time.Millisecond)
	writeRun(t, same, run{name: "late", scope: "tie", at: at.Add(500 * time.Millisecond)})
	writeRun(t, same, run{name: "early", scope: "tie", at: at})
	for _, n := range []string{"late", "early"} {
		if _, err := ocistore.Push(ctx, "oci://"+repo+":"+n, filepath.Join(same, n), ociOptions); err != nil {
			t.Fatal(err)
		}
	}
	ix, err = ReadIndex(ctx, loc, ociOptions)
	if err != nil {
		t.Fatal(err)
	}
	if l, err := ix.Previous(ctx, "tie", testVerify(t)); err != nil || l == nil || l.Name != "late" {
		t.Errorf("a tie to the second: %+v, %v", l, err)
	}

	// The second bundle deleted from the registry: a gap.
	ref, err := name.ParseReference(repo + ":b2")
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Delete(ref); err != nil {
		t.Fatal(err)
	}
	rep, err = Verify(ctx, loc, opts)
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, rep, testScope, "a bundle is missing between b1 (run run-b1", "and b3 (run run-b3")

	// A repository that cannot be read is an error, not a broken chain.
	gone, _ := Locate("oci://" + host + "/nothing/here")
	if _, err := Verify(ctx, gone, opts); err == nil {
		t.Error("a repository without tags verified")
	}
	// As the previous bundle's location, though, a repository not made
	// yet (a registry makes one on its first push) holds no bundle.
	ix, err = ReadIndex(ctx, gone, ociOptions)
	if err != nil {
		t.Fatal(err)
	}
	if l, err := ix.Previous(ctx, testScope, testVerify(t)); l != nil || err != nil {
		t.Errorf("a repository not made yet: %+v, %v", l, err)
	}
}
