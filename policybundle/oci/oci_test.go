package oci

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/paved-dev/paved/policybundle"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
)

// reg is an in-process registry on loopback that logs the requests it
// serves, so tests can tell a cache hit from a download.
type reg struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []string
}

func newRegistry(t *testing.T) *reg {
	r := &reg{}
	h := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.reqs = append(r.reqs, req.Method+" "+req.URL.Path)
		r.mu.Unlock()
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *reg) host() string { return strings.TrimPrefix(r.URL, "http://") }

// take returns and forgets the requests seen so far, leaving out the
// /v2/ pings that open each session.
func (r *reg) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, q := range r.reqs {
		if q != "GET /v2/" {
			out = append(out, q)
		}
	}
	r.reqs = nil
	return out
}

func opts(t *testing.T) Options {
	return Options{Keychain: authn.NewMultiKeychain(), CacheDir: t.TempDir()}
}

func archive(t *testing.T, dir string) []byte {
	t.Helper()
	b, _, err := policybundle.Build(dir, policybundle.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writePEM(t *testing.T, dir, file string, b []byte) string {
	p := filepath.Join(dir, file)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// keyPair writes a PEM key pair and loads it.
func keyPair(t *testing.T, priv crypto.Signer) (*Signer, *Verifier) {
	t.Helper()
	dir := t.TempDir()
	privPEM, err := cryptoutils.MarshalPrivateKeyToPEM(priv)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM, err := cryptoutils.MarshalPublicKeyToPEM(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadSigner(context.Background(), writePEM(t, dir, "key.pem", privPEM), nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := LoadVerifier(context.Background(), writePEM(t, dir, "key.pub", pubPEM))
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

func ecKey(t *testing.T) crypto.Signer {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestPushPullCache(t *testing.T) {
	r := newRegistry(t)
	o := opts(t)
	ctx := context.Background()
	ref := r.host() + "/acme/policies:v1"
	dg, err := Push(ctx, ref, archive(t, "../testdata/acme"), o)
	if err != nil {
		t.Fatal(err)
	}
	// OPA's downloader takes the first tar+gzip layer of an OCI manifest.
	desc, err := remote.Get(dg)
	if err != nil {
		t.Fatal(err)
	}
	var m v1.Manifest
	json.Unmarshal(desc.Manifest, &m)
	if m.MediaType != "application/vnd.oci.image.manifest.v1+json" || m.Config.MediaType != "application/vnd.oci.image.config.v1+json" ||
		len(m.Layers) != 1 || m.Layers[0].MediaType != "application/vnd.oci.image.layer.v1.tar+gzip" {
		t.Fatalf("manifest not in OPA's layout: %s", desc.Manifest)
	}
	r.take()

	p, err := Pull(ctx, Scheme+ref, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	if p.Cached || p.Ref.String() != dg.String() || p.Bundle.Params == nil || len(p.Bundle.Files) == 0 {
		t.Fatalf("pulled %+v", p)
	}
	if _, err := os.Stat(filepath.Join(o.CacheDir, "sha256-"+strings.TrimPrefix(dg.DigestStr(), "sha256:"), "bundle.tar.gz")); err != nil {
		t.Fatal(err)
	}
	if reqs := r.take(); len(reqs) < 3 {
		t.Fatalf("first pull made %v", reqs)
	}

	// The tag still resolves to the cached digest: one HEAD, no download.
	p, err = Pull(ctx, ref, nil, o)
	if err != nil || !p.Cached {
		t.Fatalf("second pull: %v cached=%v", err, p != nil && p.Cached)
	}
	if reqs := r.take(); len(reqs) != 1 || !strings.HasPrefix(reqs[0], "HEAD /v2/acme/policies/manifests/v1") {
		t.Fatalf("cache hit made requests %v", reqs)
	}

	// A damaged cache entry is fetched again, not used.
	cached := filepath.Join(p.CachePath, "bundle.tar.gz")
	os.WriteFile(cached, []byte("tampered"), 0o644)
	if p, err = Pull(ctx, ref, nil, o); err != nil || p.Cached {
		t.Fatalf("damaged entry: %v cached=%v", err, p != nil && p.Cached)
	}

	// Offline: the registry is gone, the digest reference is in the cache.
	r.Close()
	if p, err = Pull(ctx, dg.String(), nil, o); err != nil || !p.Cached {
		t.Fatalf("offline digest pull: %v", err)
	}
	if _, err = Pull(ctx, ref, nil, o); err == nil || !strings.Contains(err.Error(), "digest reference") {
		t.Fatalf("offline tag pull: %v", err)
	}
}

func TestPullRefusesNonBundle(t *testing.T) {
	r := newRegistry(t)
	o := opts(t)
	// A signature image has no bundle layer.
	s, _ := keyPair(t, ecKey(t))
	dg, err := Push(context.Background(), r.host()+"/acme/p:v1", archive(t, "../testdata/acme"), o)
	if err != nil {
		t.Fatal(err)
	}
	if err := Sign(context.Background(), dg, s, o); err != nil {
		t.Fatal(err)
	}
	h, _ := v1.NewHash(dg.DigestStr())
	_, err = Pull(context.Background(), SignatureTag(dg.Context(), h).String(), nil, o)
	if err == nil || !strings.Contains(err.Error(), "not a policy bundle") {
		t.Fatalf("pulled a signature image as a bundle: %v", err)
	}
}

func TestSignVerify(t *testing.T) {
	ctx := context.Background()
	r := newRegistry(t)
	o := opts(t)
	ref := r.host() + "/acme/policies:v1"
	dg, err := Push(ctx, ref, archive(t, "../testdata/acme"), o)
	if err != nil {
		t.Fatal(err)
	}
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signer, verifier := keyPair(t, ecKey(t))
	_, otherVerifier := keyPair(t, ecKey(t))

	var ve *VerifyError
	if _, err := Pull(ctx, ref, verifier, o); !errors.As(err, &ve) || !strings.Contains(err.Error(), "not signed") {
		t.Fatalf("unsigned bundle: %v", err)
	}
	if err := Sign(ctx, dg, signer, o); err != nil {
		t.Fatal(err)
	}
	p, err := Pull(ctx, ref, verifier, o)
	if err != nil {
		t.Fatal(err)
	}
	if p.Verified == nil || p.Verified.Digest != dg.DigestStr() {
		t.Fatalf("verification %+v", p.Verified)
	}
	if _, err := Pull(ctx, ref, otherVerifier, o); !errors.As(err, &ve) || !strings.Contains(err.Error(), "none of its 1 signature(s) verifies") {
		t.Fatalf("wrong key: %v", err)
	}
	// Other key types sign beside the first; each verifies on its own.
	for _, k := range []crypto.Signer{edPriv, rsaKey} {
		s, v := keyPair(t, k)
		if err := Sign(ctx, dg, s, o); err != nil {
			t.Fatal(err)
		}
		if _, err := Pull(ctx, dg.String(), v, o); err != nil {
			t.Fatalf("%T: %v", k, err)
		}
	}

	// Offline, the cached signature still verifies the cached digest.
	oc := o
	oc.CacheDir = t.TempDir()
	if _, err := Pull(ctx, dg.String(), verifier, oc); err != nil {
		t.Fatal(err)
	}

	// Tampered: new content under the same tag, the old signature left in
	// place. The new digest has no signature of its own...
	dg2, err := Push(ctx, ref, archive(t, "../../cmd/paved/testdata/policies"), o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Pull(ctx, ref, verifier, o); !errors.As(err, &ve) || !strings.Contains(err.Error(), "not signed") {
		t.Fatalf("content changed after signing: %v", err)
	}
	// ...and a signature copied over from the first digest covers the wrong one.
	h1, _ := v1.NewHash(dg.DigestStr())
	h2, _ := v1.NewHash(dg2.DigestStr())
	sigImg, err := remote.Image(SignatureTag(dg.Context(), h1))
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(SignatureTag(dg.Context(), h2), sigImg); err != nil {
		t.Fatal(err)
	}
	if _, err := Pull(ctx, ref, verifier, o); !errors.As(err, &ve) || !strings.Contains(err.Error(), "not over this bundle's") {
		t.Fatalf("signature over another digest: %v", err)
	}

	r.Close()
	if _, err := Pull(ctx, dg.String(), verifier, oc); err != nil {
		t.Fatalf("offline verification from the cache: %v", err)
	}
}

func TestEncryptedCosignKey(t *testing.T) {
	dir := t.TempDir()
	privPEM, pubPEM, err := cryptoutils.GeneratePEMEncodedECDSAKeyPair(elliptic.P256(), cryptoutils.StaticPasswordFunc([]byte("s3cret")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(privPEM), "ENCRYPTED SIGSTORE PRIVATE KEY") {
		t.Fatalf("not cosign's format: %s", privPEM)
	}
	keyFile := writePEM(t, dir, "cosign.key", privPEM)
	if _, err := LoadSigner(context.Background(), keyFile, []byte("wrong")); err == nil || !strings.Contains(err.Error(), "COSIGN_PASSWORD") {
		t.Fatalf("wrong password: %v", err)
	}
	s, err := LoadSigner(context.Background(), keyFile, []byte("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := LoadVerifier(context.Background(), writePEM(t, dir, "cosign.pub", pubPEM))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadVerifier(context.Background(), keyFile); err == nil {
		t.Fatal("a private key loaded as a public one")
	}
	r := newRegistry(t)
	o := opts(t)
	dg, err := Push(context.Background(), r.host()+"/a/b:v1", archive(t, "../testdata/acme"), o)
	if err != nil {
		t.Fatal(err)
	}
	if err := Sign(context.Background(), dg, s, o); err != nil {
		t.Fatal(err)
	}
	if _, err := Pull(context.Background(), dg.String(), v, o); err != nil {
		t.Fatal(err)
	}
}
