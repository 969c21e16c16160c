package chain

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/evidence/bundle"
	"github.com/paved-dev/paved/evidence/ocistore"
	"github.com/sigstore/sigstore/pkg/signature"
)

func otherVerifier(t testing.TB) signature.Verifier {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	v, err := signature.LoadDefaultVerifier(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func previous(t testing.TB, where, scope string, vopts bundle.VerifyOptions) (*Link, error) {
	t.Helper()
	loc, err := Locate(where)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := ReadIndex(context.Background(), loc, ocistore.Options{})
	if err != nil {
		return nil, err
	}
	return ix.Previous(context.Background(), scope, vopts)
}

// The previous bundle of a scope is its latest (by the run's finish
// time, then run id), verified; none of the scope starts a chain; one
// bundle named must be of the scope.
func TestPrevious(t *testing.T) {
	dir := t.TempDir()
	if l, err := previous(t, dir, testScope, testVerify(t)); l != nil || err != nil {
		t.Fatalf("an empty directory: %+v, %v", l, err)
	}
	names, digests := writeChain(t, dir, testScope, 3)
	writeRun(t, dir, run{name: "fleet", scope: "fleet:prod", at: day(9)})
	l, err := previous(t, dir, testScope, testVerify(t))
	if err != nil || l == nil || l.Digest != digests[2] || l.Name != names[2] || !l.SignatureVerified {
		t.Fatalf("previous: %+v, %v; want %s", l, err, names[2])
	}
	if l, err := previous(t, dir, "other", testVerify(t)); l != nil || err != nil {
		t.Errorf("a scope without bundles: %+v, %v", l, err)
	}
	// Same finish time: the run id decides.
	writeRun(t, dir, run{name: "b3z", scope: testScope, at: day(3), prev: digests[1]})
	if l, err := previous(t, dir, testScope, bundle.VerifyOptions{Unsigned: true}); err != nil || l.Name != "b3z" || l.SignatureVerified {
		t.Errorf("a tie: %+v, %v", l, err)
	}

	// One bundle named: that one, of the same scope only.
	one := filepath.Join(dir, names[1])
	if l, err := previous(t, one, testScope, testVerify(t)); err != nil || l.Digest != digests[1] {
		t.Errorf("one bundle: %+v, %v", l, err)
	}
	var se *ScopeError
	if _, err := previous(t, one, "fleet:prod", testVerify(t)); !errors.As(err, &se) || se.Scope != testScope {
		t.Errorf("one bundle of another scope: %v", err)
	}

	// The latest changed, or signed by another key: refused.
	if _, err := previous(t, dir, "fleet:prod", bundle.VerifyOptions{Verifier: otherVerifier(t)}); err == nil {
		t.Error("a previous bundle another key signed was accepted")
	}
	if err := os.WriteFile(filepath.Join(dir, "fleet", bundle.WaiversFile), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var ve *bundle.VerifyError
	if _, err := previous(t, dir, "fleet:prod", bundle.VerifyOptions{Unsigned: true}); !errors.As(err, &ve) {
		t.Errorf("a changed previous bundle: %v", err)
	}

	// A directory holding something that is not a bundle cannot be read;
	// an empty one (the next bundle's destination, say) holds nothing.
	junk := filepath.Join(dir, "junk")
	if err := os.Mkdir(junk, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := previous(t, dir, testScope, testVerify(t)); err != nil {
		t.Errorf("an empty directory beside the bundles: %v", err)
	}
	if err := os.WriteFile(filepath.Join(junk, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := previous(t, dir, testScope, testVerify(t)); err == nil || !strings.Contains(err.Error(), "junk") {
		t.Errorf("a directory with a non-bundle in it was indexed: %v", err)
	}
	// Temporary names of writes in progress are not bundles to read.
	if err := os.Rename(junk, filepath.Join(dir, ".paved-evidence-123")); err != nil {
		t.Fatal(err)
	}
	if _, err := previous(t, dir, testScope, testVerify(t)); err != nil {
		t.Errorf("a write in progress beside the bundles: %v", err)
	}
}

// A bundle's digest is the sha256 of its attestation.json, the same from
// Write, Digest, ReadHead and Verify, as a directory and as a .tar.gz.
func TestDigest(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	names, digests := writeChain(t, dir, testScope, 2)
	for i, n := range names {
		p := filepath.Join(dir, n)
		d, err := bundle.Digest(ctx, p)
		if err != nil || d != digests[i] {
			t.Errorf("%s: Digest %s, %v; Write said %s", n, d, err, digests[i])
		}
		h, err := bundle.ReadHead(ctx, p)
		if err != nil || h.Digest != digests[i] || h.Predicate.Scope != testScope {
			t.Errorf("%s: head %+v, %v", n, h, err)
		}
		v, err := bundle.Verify(ctx, p, testVerify(t))
		if err != nil || v.Digest != digests[i] {
			t.Errorf("%s: verified digest %s, %v", n, v.Digest, err)
		}
		env, err := fs.ReadFile(os.DirFS(dir), n+"/"+bundle.AttestationFile)
		if err == nil && bundle.DigestOf(env) != digests[i] {
			t.Errorf("%s: the digest is not its attestation's sha256", n)
		}
	}
	if v, err := bundle.Verify(ctx, filepath.Join(dir, names[1]), testVerify(t)); err != nil || *v.Attests.PreviousBundle != digests[0] {
		t.Errorf("the second bundle's predicate: %+v, %v", v.Attests.PreviousBundle, err)
	}
	for _, bad := range []string{"sha256:00", "sha256:" + digests[0][7:] + "0", "SHA256:" + digests[0][7:], digests[0][7:]} {
		if bundle.IsDigest(bad) {
			t.Errorf("IsDigest(%q)", bad)
		}
	}
	_, err := bundle.Write(ctx, filepath.Join(dir, "x"), baseRun(t), bundle.Options{Unsigned: true})
	if err != nil {
		t.Fatal(err)
	}
	in := baseRun(t)
	in.PreviousBundle = "sha256:nope"
	if _, err := bundle.Write(ctx, filepath.Join(dir, "y"), in, bundle.Options{Unsigned: true}); err == nil {
		t.Error("wrote a bundle whose previous is not a digest")
	}
	if _, err := bundle.Digest(ctx, filepath.Join(dir, "nothing")); err == nil {
		t.Error("a digest of nothing")
	}
}
