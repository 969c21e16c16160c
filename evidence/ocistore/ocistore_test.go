package ocistore

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"github.com/paved-dev/paved/internal/testpolicies"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/check"
	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/evidence/bundle"
	"github.com/paved-dev/paved/evidence/runenv"
	"github.com/sigstore/sigstore/pkg/signature"
)

var t0 = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

// testRegistry is go-containerregistry's registry on loopback; corrupt,
// when set, rewrites the body of the blob requests it matches.
type testRegistry struct {
	*httptest.Server
	corrupt func(path string, body []byte) []byte
}

func newRegistry(t *testing.T) *testRegistry {
	r := &testRegistry{}
	h := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.corrupt == nil || req.Method != http.MethodGet || !strings.Contains(req.URL.Path, "/blobs/") {
			h.ServeHTTP(w, req)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(r.corrupt(req.URL.Path, rec.Body.Bytes()))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *testRegistry) ref(s string) string {
	return "oci://" + strings.TrimPrefix(r.URL, "http://") + "/" + s
}

func testOptions() Options { return Options{Keychain: authn.NewMultiKeychain()} }

func keyPair(t *testing.T) (signature.Signer, signature.Verifier) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sv, err := signature.LoadDefaultSignerVerifier(k)
	if err != nil {
		t.Fatal(err)
	}
	return sv, sv
}

// writeBundle judges evidence/bundle's test run and writes its bundle,
// signed by s, to a new path named name.
func writeBundle(t *testing.T, s signature.Signer, name string) string {
	t.Helper()
	ctx := context.Background()
	set, err := engine.LoadPolicies(ctx, engine.LoadOptions{Kinds: check.Kinds()},
		engine.PolicySource{Name: "policies", FS: os.DirFS("../bundle/testdata/policies")})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := check.Judge(ctx, set, check.Options{Paths: []string{"../bundle/testdata/run/infra"}, Version: "test",
		Repo: "example.com/acme/infra", Now: t0, FailOn: engine.SeverityHigh})
	if err != nil {
		t.Fatal(err)
	}
	rep.Run = engine.Run{ID: "run-" + name, StartedAt: t0, FinishedAt: t0.Add(2 * time.Second)}
	in := bundle.Input{
		Report:      rep,
		Policies:    bundle.Policies{Files: testpolicies.Files(t, set), Sources: []attest.PolicySource{{Name: "policies", Kind: "directory", Ref: "policies"}}},
		Environment: runenv.Environment{Paved: runenv.Paved{Version: "test"}, Git: &runenv.Git{Repository: "example.com/acme/infra"}, StartedAt: t0, FinishedAt: t0.Add(2 * time.Second)},
		Scope:       "example.com/acme/infra",
	}
	dst := filepath.Join(t.TempDir(), name)
	if _, err := bundle.Write(ctx, dst, in, bundle.Options{Signer: s}); err != nil {
		t.Fatal(err)
	}
	return dst
}

// nothingLeft asserts dst was not written and no temporary name is left
// beside it.
func nothingLeft(t *testing.T, dst string) {
	t.Helper()
	if _, err := os.Lstat(dst); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s written: %v", dst, err)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dst), ".paved-evidence-pull-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	reg := newRegistry(t)
	s, v := keyPair(t)
	for _, name := range []string{"run.tar.gz", "run"} {
		t.Run(name, func(t *testing.T) {
			src := writeBundle(t, s, name)
			want, err := bundle.Verify(ctx, src, bundle.VerifyOptions{Verifier: v})
			if err != nil {
				t.Fatal(err)
			}
			pushed, err := Push(ctx, reg.ref("evidence:"+strings.TrimSuffix(name, ".tar.gz")), src, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if pushed.RunID != "run-"+name || pushed.Scope != "example.com/acme/infra" || pushed.Files != want.Files || pushed.Digest != want.Digest {
				t.Errorf("pushed %+v", pushed)
			}

			// The manifest: our artifact type, the annotations, one layer per
			// file whose digest is the sha256 manifest.json lists.
			desc, err := remote.Get(pushed.Ref)
			if err != nil {
				t.Fatal(err)
			}
			m, err := ParseManifest(desc.Manifest)
			if err != nil {
				t.Fatal(err)
			}
			if m.Annotations[AnnotationRunID] != "run-"+name || m.Annotations[AnnotationScope] != "example.com/acme/infra" ||
				m.Annotations[AnnotationCreated] != "2030-01-02T03:04:07Z" || m.Config.MediaType != "application/vnd.oci.empty.v1+json" {
				t.Errorf("manifest %s", desc.Manifest)
			}
			dir := filepath.Join(t.TempDir(), "pulled")
			pulled, err := Pull(ctx, pushed.Ref.String(), dir, bundle.VerifyOptions{Verifier: v}, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if !pulled.Verification.SignatureVerified || pulled.Verification.ManifestSHA256 != want.ManifestSHA256 || pulled.Dir != dir {
				t.Errorf("pulled %+v", pulled.Verification)
			}
			var man bundle.Manifest
			b, err := os.ReadFile(filepath.Join(dir, bundle.ManifestFile))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &man); err != nil {
				t.Fatal(err)
			}
			byTitle := map[string]string{}
			for _, l := range m.Layers {
				byTitle[l.Annotations[AnnotationTitle]] = l.Digest.Hex
				if l.Annotations[AnnotationTitle] == bundle.AttestationFile && l.MediaType != AttestationMediaType {
					t.Errorf("attestation layer is %s", l.MediaType)
				}
			}
			// The layers are the bundle that was verified.
			if "sha256:"+byTitle[bundle.AttestationFile] != want.Digest || byTitle[bundle.ManifestFile] != want.ManifestSHA256 {
				t.Errorf("layers %v, verified digest %s and manifest %s", byTitle, want.Digest, want.ManifestSHA256)
			}
			for _, f := range man.Files {
				if byTitle[f.Path] != f.SHA256 {
					t.Errorf("%s: layer %s, manifest.json %s", f.Path, byTitle[f.Path], f.SHA256)
				}
			}
			if len(byTitle) != len(man.Files)+2 {
				t.Errorf("%d layers for %d files", len(byTitle), len(man.Files)+2)
			}
			if _, err := Pull(ctx, pushed.Ref.String(), dir, bundle.VerifyOptions{Verifier: v}, testOptions()); err == nil {
				t.Error("pull over an existing bundle succeeded")
			}
		})
	}
}

// pushManifest pushes the bundle at src as evidence:run and reads back
// the manifest pushed.
func pushManifest(t *testing.T, reg *testRegistry, src string) (*Pushed, *v1.Manifest) {
	t.Helper()
	pushed, err := Push(context.Background(), reg.ref("evidence:run"), src, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	desc, err := remote.Get(pushed.Ref)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseManifest(desc.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	return pushed, m
}

func TestPullRefuses(t *testing.T) {
	ctx := context.Background()
	reg := newRegistry(t)
	s, v := keyPair(t)
	_, other := keyPair(t)
	src := writeBundle(t, s, "run")
	_, m := pushManifest(t, reg, src)

	// A report changed under a valid layer digest: the registry is content
	// with it, the bundle's manifest is not.
	report, err := os.ReadFile(filepath.Join(src, bundle.ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	changed := static.NewLayer(bytes.Replace(report, []byte(`"fail"`), []byte(`"pass"`), 1), JSONMediaType)
	repo, err := name.NewRepository(strings.TrimPrefix(reg.ref("evidence"), "oci://"))
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.WriteLayer(repo, changed); err != nil {
		t.Fatal(err)
	}
	for i, l := range m.Layers {
		if l.Annotations[AnnotationTitle] == bundle.ReportFile {
			m.Layers[i].Digest, _ = changed.Digest()
			m.Layers[i].Size, _ = changed.Size()
		}
	}
	raw, _ := json.Marshal(m)
	if err := remote.Put(repo.Tag("tampered"), rawManifest(raw)); err != nil {
		t.Fatal(err)
	}

	var ve *bundle.VerifyError
	dst := filepath.Join(t.TempDir(), "wrong-key")
	if _, err := Pull(ctx, reg.ref("evidence:run"), dst, bundle.VerifyOptions{Verifier: other}, testOptions()); !errors.As(err, &ve) {
		t.Errorf("pull with another key: %v, want a VerifyError", err)
	}
	nothingLeft(t, dst)

	dst = filepath.Join(t.TempDir(), "tampered")
	_, err = Pull(ctx, reg.ref("evidence:tampered"), dst, bundle.VerifyOptions{Verifier: v}, testOptions())
	if !errors.As(err, &ve) || !slices.ContainsFunc(ve.Problems, func(p bundle.Problem) bool { return p.File == bundle.ReportFile }) {
		t.Errorf("pull of a changed report: %v, want a VerifyError naming %s", err, bundle.ReportFile)
	}
	nothingLeft(t, dst)

	// A registry serving other bytes than a layer's digest names.
	reg.corrupt = func(_ string, body []byte) []byte {
		if len(body) > 0 {
			body = bytes.Clone(body)
			body[0] ^= 1
		}
		return body
	}
	dst = filepath.Join(t.TempDir(), "corrupt")
	if _, err := Pull(ctx, reg.ref("evidence:run"), dst, bundle.VerifyOptions{Verifier: v}, testOptions()); err == nil {
		t.Error("pull of corrupted blobs succeeded")
	}
	nothingLeft(t, dst)
	reg.corrupt = nil

	// Not an evidence bundle.
	img, err := random.Image(64, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(repo.Tag("image"), img); err != nil {
		t.Fatal(err)
	}
	dst = filepath.Join(t.TempDir(), "image")
	if _, err := Pull(ctx, reg.ref("evidence:image"), dst, bundle.VerifyOptions{Unsigned: true}, testOptions()); err == nil || !strings.Contains(err.Error(), "not an evidence bundle") {
		t.Errorf("pull of an image: %v", err)
	}
	nothingLeft(t, dst)

	// List: the evidence tags, not the image.
	got, err := List(ctx, reg.ref("evidence"), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, e := range got {
		tags = append(tags, e.Tag)
		if e.RunID != "run-run" || e.Scope != "example.com/acme/infra" || e.Created != "2030-01-02T03:04:07Z" || !strings.HasPrefix(e.Digest, "sha256:") {
			t.Errorf("list entry %+v", e)
		}
	}
	if !slices.Equal(tags, []string{"run", "tampered"}) {
		t.Errorf("list: %v, want run and tampered", tags)
	}
}

// An evidence manifest List cannot accept is an error naming its tag, not
// left out as another artifact would be: a chain must not miss it.
func TestListDamagedEvidence(t *testing.T) {
	ctx := context.Background()
	reg := newRegistry(t)
	s, _ := keyPair(t)
	pushed, m := pushManifest(t, reg, writeBundle(t, s, "run"))
	m.Layers[0].Annotations = map[string]string{AnnotationTitle: "../x"}
	raw, _ := json.Marshal(m)
	if err := remote.Put(pushed.Ref.Context().Tag("damaged"), rawManifest(raw)); err != nil {
		t.Fatal(err)
	}
	_, err := List(ctx, reg.ref("evidence"), testOptions())
	if err == nil || !strings.Contains(err.Error(), "evidence:damaged") || !strings.Contains(err.Error(), `"../x"`) {
		t.Errorf("list with a damaged evidence manifest: %v", err)
	}
}

func TestPushRefuses(t *testing.T) {
	ctx := context.Background()
	reg := newRegistry(t)
	s, _ := keyPair(t)
	src := writeBundle(t, s, "run")
	if err := os.WriteFile(filepath.Join(src, bundle.ReportFile), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	var ve *bundle.VerifyError
	if _, err := Push(ctx, reg.ref("evidence:run"), src, testOptions()); !errors.As(err, &ve) {
		t.Errorf("push of a changed bundle: %v, want a VerifyError", err)
	}
	if _, err := Push(ctx, reg.ref("evidence@sha256:"+strings.Repeat("0", 64)), src, testOptions()); err == nil {
		t.Error("push to a digest succeeded")
	}
}

// Evidence's options refuse plain HTTP to a private address. The HTTPS
// attempt does dial, so it gets a second, not the 30 s dial timeout.
// Layers are made only of what was verified: another bundle put in the
// verified one's place, valid as it is, is not pushed under its digest.
func TestFileLayersAreWhatWasVerified(t *testing.T) {
	ctx := context.Background()
	s, _ := keyPair(t)
	dir, other := writeBundle(t, s, "run"), writeBundle(t, s, "other")
	v, err := bundle.Verify(ctx, dir, bundle.VerifyOptions{Unsigned: true})
	if err != nil {
		t.Fatal(err)
	}
	if ls, err := fileLayers(dir, v); err != nil || len(ls) != v.Files {
		t.Fatalf("the verified bundle: %d layers, %v", len(ls), err)
	}
	// One file of the verified bundle gone.
	less := filepath.Join(t.TempDir(), "less")
	if err := os.CopyFS(less, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(less, bundle.SARIFFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := fileLayers(less, v); err == nil || !strings.Contains(err.Error(), "removed") {
		t.Errorf("a file removed since it was verified: %v", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, os.DirFS(other)); err != nil {
		t.Fatal(err)
	}
	if _, err := fileLayers(dir, v); err == nil || !strings.Contains(err.Error(), "changed since it was verified") {
		t.Errorf("another bundle in the verified one's place: %v", err)
	}
}

func TestPlainHTTPOnlyToLoopback(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := List(ctx, "oci://10.0.0.1:5000/evidence", testOptions())
	if err == nil || !strings.Contains(err.Error(), "plain HTTP to 10.0.0.1:5000 refused") {
		t.Errorf("list over plain HTTP to a private address: %v", err)
	}
}
