package image

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/secrets/secretstest"
)

// newRegistry serves go-containerregistry's in-process registry on
// loopback; its host is HOST:PORT.
func newRegistry(t testing.TB, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	var h http.Handler = registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

var envToken = secretstest.GitHubToken("ghp_", strings.Repeat("Tk7u", 7)+"Qw")

// appImage is a two-layer image with a real config: a non-root user, a
// token in its environment (and so in a build step), a setuid binary, an
// apt cache and an os-release.
func appImage(t testing.TB, arch string) v1.Image {
	t.Helper()
	base := layerTar(t,
		file{name: "etc/", typ: tar.TypeDir},
		file{name: "etc/os-release", body: "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"},
		file{name: "bin/sh", typ: tar.TypeSymlink, link: "dash"},
		file{name: "bin/dash", mode: 0o755, body: "\x7fELF"},
		file{name: "usr/bin/passwd", mode: 0o4755, body: "\x7fELF"},
		file{name: "var/cache/apt/archives/x.deb", body: strings.Repeat("d", 64)},
		file{name: "tmp/scratch", body: "gone"},
	)
	app := layerTar(t,
		file{name: "tmp/.wh.scratch"},
		file{name: "app/server", mode: 0o755, body: "\x7fELF " + arch},
		file{name: "app/.env", body: "GITHUB_TOKEN=" + envToken + "\n"},
	)
	img, err := mutate.Append(empty.Image,
		mutate.Addendum{Layer: mustLayer(t, base), History: v1.History{CreatedBy: "ADD rootfs.tar /", Created: v1.Time{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}},
		mutate.Addendum{Layer: mustLayer(t, app), History: v1.History{CreatedBy: "RUN |1 NPM_TOKEN=npm_secretvalue123 /bin/sh -c make install # " + envToken}},
	)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", arch
	if arch == "arm64" {
		cfg.Variant = "v8"
	}
	cfg.Created = v1.Time{Time: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)}
	cfg.History = append(cfg.History, v1.History{CreatedBy: "ENV GITHUB_TOKEN=" + envToken, EmptyLayer: true})
	cfg.Config = v1.Config{
		User:         "65532",
		Env:          []string{"PATH=/usr/local/bin:/usr/bin", "GITHUB_TOKEN=" + envToken, "DATABASE_URL=postgres://app:hunter2@db/app", "EMPTY"},
		Entrypoint:   []string{"/app/server"},
		Cmd:          []string{"--listen", ":8080"},
		ExposedPorts: map[string]struct{}{"8080/tcp": {}, "9090/tcp": {}},
		Labels:       map[string]string{"org.opencontainers.image.source": "https://github.com/acme/app"},
		WorkingDir:   "/app",
		Healthcheck:  &v1.HealthConfig{Test: []string{"CMD", "/app/server", "health"}},
		StopSignal:   "SIGTERM",
	}
	img, err = mutate.ConfigFile(img, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func mustLayer(t testing.TB, tarBytes []byte) v1.Layer {
	t.Helper()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(tarBytes)), nil })
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func push(t testing.TB, ref string, img v1.Image) v1.Hash {
	t.Helper()
	r, err := name.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(r, img); err != nil {
		t.Fatal(err)
	}
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func load(t testing.TB, opts Options, arg string) []*engine.Target {
	t.Helper()
	opts.NoBaseLookup = true // tests never reach the internet; TestBaseCurrency covers lookups
	ts, err := New(opts).Load(context.Background(), arg)
	if err != nil {
		t.Fatalf("load %s: %v", arg, err)
	}
	return ts
}

func TestRegistryImage(t *testing.T) {
	host := newRegistry(t, nil)
	img := appImage(t, "amd64")
	img = mutate.Annotations(img, map[string]string{baseNameKey: "gcr.io/distroless/static:nonroot", baseDigestKey: "sha256:" + strings.Repeat("ab", 32)}).(v1.Image)
	digest := push(t, host+"/acme/app:1.4", img)
	arg := "image://" + host + "/acme/app:1.4"
	ts := load(t, Options{}, arg)
	if len(ts) != 1 {
		t.Fatalf("%d targets", len(ts))
	}
	tg := ts[0]
	if tg.Kind != Kind || tg.ID != arg || tg.Digest != digest.String() || tg.Identity != (engine.Identity{Repo: host + "/acme/app", Path: "linux/amd64"}) {
		t.Errorf("target %+v", tg)
	}
	doc := tg.Input
	m, _ := img.Manifest()
	size := m.Config.Size + m.Layers[0].Size + m.Layers[1].Size
	for key, want := range map[string]any{
		"kind": "image", "reference": arg, "source": "registry", "registry": host, "repository": host + "/acme/app",
		"tag": "1.4", "pinned": false, "digest": digest.String(), "index_digest": "",
		"platform":   map[string]any{"os": "linux", "architecture": "amd64", "variant": ""},
		"media_type": string(types.DockerManifestSchema2), "size": int(size),
		"base": map[string]any{"name": "gcr.io/distroless/static:nonroot", "digest": "sha256:" + strings.Repeat("ab", 32),
			"repository": "gcr.io/distroless/static", "checked": false, "current_digest": "", "error": "base images are not looked up in this run (--no-base-lookup)"},
		"attestations": []any{},
		"signatures":   map[string]any{"checked": false, "error": "no signature verifier is configured for this run", "trusted_signers": 0, "found": []any{}},
		"layers": []any{
			map[string]any{"digest": m.Layers[0].Digest.String(), "size": int(m.Layers[0].Size), "media_type": string(types.DockerLayer)},
			map[string]any{"digest": m.Layers[1].Digest.String(), "size": int(m.Layers[1].Size), "media_type": string(types.DockerLayer)},
		},
	} {
		if !equalJSON(doc[key], want) {
			t.Errorf("%s = %s, want %s", key, toJSON(doc[key]), toJSON(want))
		}
	}
	cfg := doc["config"].(map[string]any)
	wantCfg := map[string]any{
		"user": "65532",
		"env": []any{
			map[string]any{"name": "PATH", "value": "/usr/local/bin:/usr/bin", "redacted": false},
			map[string]any{"name": "GITHUB_TOKEN", "value": "<redacted>", "redacted": true},
			map[string]any{"name": "DATABASE_URL", "value": "<redacted>", "redacted": true},
			map[string]any{"name": "EMPTY", "value": "", "redacted": false},
		},
		"entrypoint": []any{"/app/server"}, "cmd": []any{"--listen", ":8080"},
		"exposed_ports": []any{"8080/tcp", "9090/tcp"},
		"labels":        map[string]any{"org.opencontainers.image.source": "https://github.com/acme/app"},
		"created":       "2026-11-30T10:00:00Z", "working_dir": "/app",
		"healthcheck": map[string]any{"test": []any{"CMD", "/app/server", "health"}, "none": false},
		"stop_signal": "SIGTERM",
	}
	if !equalJSON(cfg, wantCfg) {
		t.Errorf("config\n got %s\nwant %s", toJSON(cfg), toJSON(wantCfg))
	}
	hist := doc["history"].([]any)
	if len(hist) != 3 || hist[0].(map[string]any)["created"] != "2026-01-02T03:04:05Z" ||
		hist[1].(map[string]any)["created_by"] != "RUN |1 NPM_TOKEN=<redacted> /bin/sh -c make install # <redacted>" ||
		hist[2].(map[string]any)["created_by"] != "ENV GITHUB_TOKEN=<redacted>" || hist[2].(map[string]any)["empty_layer"] != true {
		t.Errorf("history %s", toJSON(hist))
	}
	fs := doc["filesystem"].(map[string]any)
	if fs["complete"] != true || fs["files"] != 6 || len(fs["setuid"].([]any)) != 1 || len(fs["secrets"].([]any)) != 1 ||
		!equalJSON(fs["shells"], []any{"/bin/dash", "/bin/sh"}) || fs["os_release"].(map[string]any)["id"] != "debian" ||
		len(fs["package_caches"].([]any)) != 1 {
		t.Errorf("filesystem %s", toJSON(fs))
	}
	for _, secret := range []string{envToken, "hunter2", "npm_secretvalue123"} {
		if strings.Contains(toJSON(doc), secret) {
			t.Errorf("%q is in the document", secret)
		}
	}

	// By digest: pinned, no tag.
	tg = load(t, Options{NoFileSystem: true}, "image://"+host+"/acme/app@"+digest.String())[0]
	if tg.Input["pinned"] != true || tg.Input["tag"] != "" || tg.Input["digest"] != digest.String() {
		t.Errorf("by digest: %v %v %v", tg.Input["pinned"], tg.Input["tag"], tg.Input["digest"])
	}
	if fs := tg.Input["filesystem"].(map[string]any); fs["walked"] != false || fs["complete"] != false || fs["reason"] != "not walked (--no-image-fs)" || fs["files"] != 0 {
		t.Errorf("not walked: %v", fs)
	}
}

// attestationManifest is what buildx attaches to an index: an image
// manifest for platform unknown/unknown.
func attestationManifest(t testing.TB, subject v1.Hash) mutate.IndexAddendum {
	img, err := mutate.Append(empty.Image, mutate.Addendum{Layer: mustLayer(t, layerTar(t, file{name: "statement.json", body: "{}"}))})
	if err != nil {
		t.Fatal(err)
	}
	return mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{
		Platform:    &v1.Platform{OS: "unknown", Architecture: "unknown"},
		Annotations: map[string]string{"vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": subject.String()},
	}}
}

func multiPlatform(t testing.TB) (v1.ImageIndex, v1.Image, v1.Image) {
	amd, arm := appImage(t, "amd64"), appImage(t, "arm64")
	armDigest, _ := arm.Digest()
	idx := mutate.AppendManifests(empty.Index,
		mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
		mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64", Variant: "v8"}}},
		attestationManifest(t, armDigest),
	)
	return idx, amd, arm
}

func TestRegistryIndex(t *testing.T) {
	host := newRegistry(t, nil)
	idx, amd, arm := multiPlatform(t)
	ref, _ := name.ParseReference(host + "/acme/multi:2")
	if err := remote.WriteIndex(ref, idx); err != nil {
		t.Fatal(err)
	}
	idxDigest, _ := idx.Digest()
	amdDigest, _ := amd.Digest()
	armDigest, _ := arm.Digest()
	arg := "image://" + host + "/acme/multi:2"

	ts := load(t, Options{NoFileSystem: true}, arg)
	if len(ts) != 2 {
		t.Fatalf("%d targets, want one per platform (the attestation manifest skipped)", len(ts))
	}
	for i, want := range []struct {
		id, path string
		digest   v1.Hash
	}{{arg + "@linux/amd64", "linux/amd64", amdDigest}, {arg + "@linux/arm64/v8", "linux/arm64/v8", armDigest}} {
		tg := ts[i]
		if tg.ID != want.id || tg.Identity.Path != want.path || tg.Digest != want.digest.String() ||
			tg.Input["index_digest"] != idxDigest.String() || tg.Identity.Repo != host+"/acme/multi" {
			t.Errorf("target %d: %s %+v %s %v", i, tg.ID, tg.Identity, tg.Digest, tg.Input["index_digest"])
		}
	}

	ts = load(t, Options{NoFileSystem: true, Platform: "linux/arm64"}, arg)
	if len(ts) != 1 || ts[0].ID != arg+"@linux/arm64/v8" || ts[0].Digest != armDigest.String() {
		t.Errorf("--platform linux/arm64: %d targets, %s", len(ts), ts[0].ID)
	}
	_, err := New(Options{Platform: "linux/s390x"}).Load(context.Background(), arg)
	if err == nil || !strings.Contains(err.Error(), "no image for linux/s390x in index "+idxDigest.String()+"; it holds linux/amd64, linux/arm64/v8") {
		t.Errorf("a platform the index lacks: %v", err)
	}
	// A platform manifest by its own digest is a lone image.
	ts = load(t, Options{NoFileSystem: true}, "image://"+host+"/acme/multi@"+armDigest.String())
	if len(ts) != 1 || ts[0].ID != "image://"+host+"/acme/multi@"+armDigest.String() || ts[0].Input["index_digest"] != "" {
		t.Errorf("by a platform's digest: %+v", ts[0])
	}
	if _, err := New(Options{Platform: "linux/amd64"}).Load(context.Background(), "image://"+host+"/acme/multi@"+armDigest.String()); err == nil ||
		!strings.Contains(err.Error(), "the image is for linux/arm64/v8, not linux/amd64") {
		t.Errorf("a lone image of another platform: %v", err)
	}
	if _, err := New(Options{Platform: "linux"}).Load(context.Background(), arg); err == nil || !strings.Contains(err.Error(), "want os/arch[/variant]") {
		t.Errorf("a malformed platform: %v", err)
	}
}

func TestRegistryErrors(t *testing.T) {
	host := newRegistry(t, nil)
	push(t, host+"/acme/app:1", appImage(t, "amd64"))
	for arg, want := range map[string]string{
		"image://" + host + "/acme/app:missing": "MANIFEST_UNKNOWN",
		"image://" + host + "/acme/nothing:1":   "NAME_UNKNOWN",
		"image://" + host + "/Bad Name":         "not an image reference",
	} {
		if _, err := New(Options{}).Load(context.Background(), arg); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", arg, err, want)
		}
	}

	// A registry that wants credentials: none, or the wrong ones, fail.
	locked := newRegistry(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if u, p, ok := r.BasicAuth(); !ok || u != "ci" || p != "right" {
				w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
				http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`, http.StatusUnauthorized)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	ref, _ := name.ParseReference(locked + "/acme/app:1")
	if err := remote.Write(ref, appImage(t, "amd64"), remote.WithAuth(&authn.Basic{Username: "ci", Password: "right"})); err != nil {
		t.Fatal(err)
	}
	arg := "image://" + locked + "/acme/app:1"
	for what, kc := range map[string]authn.Keychain{
		"no credentials":        staticKeychain{authn.Anonymous},
		"the wrong credentials": staticKeychain{&authn.Basic{Username: "ci", Password: "wrong"}},
	} {
		if _, err := New(Options{Keychain: kc}).Load(context.Background(), arg); err == nil || !strings.Contains(err.Error(), "UNAUTHORIZED") {
			t.Errorf("%s: %v", what, err)
		}
	}
	ts := load(t, Options{Keychain: staticKeychain{&authn.Basic{Username: "ci", Password: "right"}}}, arg)
	if fs := ts[0].Input["filesystem"].(map[string]any); fs["complete"] != true {
		t.Errorf("with credentials, layers read too: %v", fs)
	}
}

type staticKeychain struct{ a authn.Authenticator }

func (k staticKeychain) Resolve(authn.Resource) (authn.Authenticator, error) { return k.a, nil }

// recorder is a transport that records requests and fails them: no
// request leaves the process.
type recorder struct{ urls []string }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.urls = append(r.urls, req.URL.String())
	return nil, errors.New("offline")
}

func TestPlainHTTP(t *testing.T) {
	// go-containerregistry tries HTTP for a private address; paved refuses
	// it unless the registry is named insecure.
	rec := &recorder{}
	_, err := New(Options{Transport: rec}).Load(context.Background(), "image://10.0.0.5:5000/acme/app:1")
	if err == nil || !strings.Contains(err.Error(), "plain HTTP to 10.0.0.5:5000 refused") {
		t.Errorf("private address: %v", err)
	}
	for _, u := range rec.urls {
		if strings.HasPrefix(u, "http:") {
			t.Errorf("plain HTTP request sent: %s", u)
		}
	}
	rec = &recorder{}
	_, _ = New(Options{Transport: rec, InsecureRegistries: []string{"10.0.0.5:5000"}}).Load(context.Background(), "image://10.0.0.5:5000/acme/app:1")
	if !strings.Contains(strings.Join(rec.urls, " "), "http://10.0.0.5:5000/v2/") {
		t.Errorf("--insecure-registry: requests %v", rec.urls)
	}
	rec = &recorder{}
	_, _ = New(Options{Transport: rec}).Load(context.Background(), "image://r.example/acme/app:1")
	if len(rec.urls) == 0 || !strings.HasPrefix(rec.urls[0], "https://r.example/v2/") {
		t.Errorf("a public registry: requests %v", rec.urls)
	}
}

// fakeVerifier answers for every image, and checks the options it is given
// reach the registry.
type fakeVerifier struct {
	t       *testing.T
	digests []string
}

func (v *fakeVerifier) Verify(ctx context.Context, d name.Digest, opts ...remote.Option) Trust {
	if _, err := remote.Head(d, opts...); err != nil {
		v.t.Errorf("the verifier cannot reach the registry with the options given: %v", err)
	}
	v.digests = append(v.digests, d.String())
	return Trust{
		Signatures:   map[string]any{"checked": true, "error": "", "trusted_signers": 1, "found": []any{}},
		Attestations: []any{map[string]any{"format": "cosign"}},
	}
}

func TestVerifier(t *testing.T) {
	host := newRegistry(t, nil)
	digest := push(t, host+"/acme/app:1", appImage(t, "amd64"))
	v := &fakeVerifier{t: t}
	tg := load(t, Options{Verifier: v, NoFileSystem: true}, "image://"+host+"/acme/app:1")[0]
	if len(v.digests) != 1 || v.digests[0] != host+"/acme/app@"+digest.String() {
		t.Errorf("verified %v", v.digests)
	}
	if tg.Input["signatures"].(map[string]any)["checked"] != true || len(tg.Input["attestations"].([]any)) != 1 {
		t.Errorf("the verifier's answer is the document's: %v %v", tg.Input["signatures"], tg.Input["attestations"])
	}
}

// indexVerifier also looks up the index a platform was chosen from.
type indexVerifier struct {
	fakeVerifier
	pairs []string
}

func (v *indexVerifier) VerifyIndexed(ctx context.Context, manifest, index name.Digest, opts ...remote.Option) Trust {
	v.pairs = append(v.pairs, manifest.DigestStr()+" "+index.DigestStr())
	return v.Verify(ctx, manifest, opts...)
}

func TestIndexVerifier(t *testing.T) {
	host := newRegistry(t, nil)
	idx, amd, arm := multiPlatform(t)
	ref, _ := name.ParseReference(host + "/acme/multi:2")
	if err := remote.WriteIndex(ref, idx); err != nil {
		t.Fatal(err)
	}
	i, _ := idx.Digest()
	a, _ := amd.Digest()
	r, _ := arm.Digest()
	v := &indexVerifier{fakeVerifier: fakeVerifier{t: t}}
	load(t, Options{Verifier: v, NoFileSystem: true}, "image://"+host+"/acme/multi:2")
	if want := []string{a.String() + " " + i.String(), r.String() + " " + i.String()}; !slices.Equal(v.pairs, want) {
		t.Errorf("verified %v, want %v", v.pairs, want)
	}
	// A lone manifest has no index to look up.
	v = &indexVerifier{fakeVerifier: fakeVerifier{t: t}}
	load(t, Options{Verifier: v, NoFileSystem: true}, "image://"+host+"/acme/multi@"+a.String())
	if len(v.pairs) != 0 || len(v.digests) != 1 {
		t.Errorf("a lone manifest: %v %v", v.pairs, v.digests)
	}
}

// TestLayoutAndArchive: an OCI layout and a docker save tarball of an
// image are judged as its registry copy is: the same document apart from
// where it was read.
func TestLayoutAndArchive(t *testing.T) {
	host := newRegistry(t, nil)
	img := appImage(t, "amd64")
	full := host + "/acme/app:1.4"
	push(t, full, img)
	dir := t.TempDir()
	lp, err := layout.Write(filepath.Join(dir, "layout"), empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := lp.AppendImage(img, layout.WithAnnotations(map[string]string{refNameKey: full})); err != nil {
		t.Fatal(err)
	}
	tag, _ := name.NewTag(full)
	archive := filepath.Join(dir, "app.tar")
	if err := tarball.WriteToFile(archive, tag, img); err != nil {
		t.Fatal(err)
	}

	reg := load(t, Options{}, "image://"+full)[0]
	for _, arg := range []string{"oci:" + filepath.Join(dir, "layout"), "oci:" + filepath.Join(dir, "layout") + ":1.4",
		"docker-archive:" + archive, "docker-archive:" + archive + ":" + full} {
		tg := load(t, Options{}, arg)[0]
		if tg.ID != arg || tg.Identity != reg.Identity || tg.Digest != reg.Digest {
			t.Errorf("%s: target %s %+v %s, the registry's %+v %s", arg, tg.ID, tg.Identity, tg.Digest, reg.Identity, reg.Digest)
		}
		if tg.Input["signatures"].(map[string]any)["checked"] != false || !strings.Contains(tg.Input["signatures"].(map[string]any)["error"].(string), "is not one") {
			t.Errorf("%s: signatures %v", arg, tg.Input["signatures"])
		}
		got, want := maps.Clone(tg.Input), maps.Clone(reg.Input)
		for _, k := range []string{"reference", "source", "signatures"} {
			delete(got, k)
			delete(want, k)
		}
		if !equalJSON(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", arg, toJSON(got), toJSON(want))
		}
	}
}

func TestLayoutChoices(t *testing.T) {
	dir := t.TempDir()
	lp, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	idx, _, arm := multiPlatform(t)
	if err := lp.AppendIndex(idx, layout.WithAnnotations(map[string]string{refNameKey: "2.0"})); err != nil {
		t.Fatal(err)
	}
	if err := lp.AppendImage(arm, layout.WithAnnotations(map[string]string{containerdNameKey: "r.example/acme/arm:1", refNameKey: "1"})); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{}).Load(context.Background(), "oci:"+dir); err == nil ||
		!strings.Contains(err.Error(), "holds 2 images: name one with oci:"+dir+":TAG (2.0, r.example/acme/arm:1)") {
		t.Errorf("two images, no tag: %v", err)
	}
	if _, err := New(Options{}).Load(context.Background(), "oci:"+dir+":3"); err == nil || !strings.Contains(err.Error(), `holds no image tagged "3"`) {
		t.Errorf("a missing tag: %v", err)
	}
	ts := load(t, Options{NoFileSystem: true}, "oci:"+dir+":2.0")
	if len(ts) != 2 || ts[0].Identity.Repo != filepath.ToSlash(dir) || ts[0].Input["repository"] != "" || ts[0].Input["tag"] != "2.0" || ts[1].ID != "oci:"+dir+":2.0@linux/arm64/v8" {
		t.Errorf("an index in a layout, named by a bare tag: %+v %v %v", ts[0], ts[0].Input["repository"], ts[0].Input["tag"])
	}
	ts = load(t, Options{NoFileSystem: true}, "oci:"+dir+":1")
	if len(ts) != 1 || ts[0].Identity.Repo != "r.example/acme/arm" || ts[0].Input["registry"] != "r.example" || ts[0].Input["tag"] != "1" {
		t.Errorf("an image named by containerd's annotation: %+v", ts[0].Identity)
	}
	if _, err := New(Options{}).Load(context.Background(), "oci:"+filepath.Join(dir, "nothing")); err == nil || !strings.Contains(err.Error(), "OCI layout") {
		t.Errorf("no layout: %v", err)
	}
}

func TestArchiveChoices(t *testing.T) {
	dir := t.TempDir()
	archive := filepath.Join(dir, "two.tar")
	a, _ := name.NewTag("r.example/acme/a:1")
	b, _ := name.NewTag("r.example/acme/b:2")
	if err := tarball.MultiWriteToFile(archive, map[name.Tag]v1.Image{a: appImage(t, "amd64"), b: appImage(t, "arm64")}); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{}).Load(context.Background(), "docker-archive:"+archive); err == nil ||
		!strings.Contains(err.Error(), "holds 2 images: name one with docker-archive:"+archive+":TAG (r.example/acme/a:1, r.example/acme/b:2)") {
		t.Errorf("two images, no tag: %v", err)
	}
	for arg, repo := range map[string]string{"docker-archive:" + archive + ":r.example/acme/b:2": "r.example/acme/b", "docker-archive:" + archive + ":1": "r.example/acme/a"} {
		ts := load(t, Options{}, arg)
		if len(ts) != 1 || ts[0].Identity.Repo != repo || ts[0].Input["filesystem"].(map[string]any)["complete"] != true {
			t.Errorf("%s: %+v", arg, ts[0].Identity)
		}
	}
	if _, err := New(Options{}).Load(context.Background(), "docker-archive:"+filepath.Join(dir, "missing.tar")); err == nil || !strings.Contains(err.Error(), "docker archive") {
		t.Errorf("no archive: %v", err)
	}
}

func TestDetect(t *testing.T) {
	l := New(Options{})
	for p, want := range map[string]bool{
		"image://r.example/app:1": true, "oci:./layout": true, "docker-archive:app.tar": true,
		"Dockerfile": false, "infra/": false, "image:/x": false,
	} {
		if got := l.Detect(&engine.Probe{Path: p}); got != want {
			t.Errorf("Detect(%s) = %v", p, got)
		}
	}
	if l.Detect(&engine.Probe{Path: "oci:dir", Dir: true}) {
		t.Error("a directory named oci:dir is a directory")
	}
	if ts, err := l.LoadStaged(context.Background(), &engine.Staged{}); ts != nil || err != nil {
		t.Errorf("staged: %v %v", ts, err)
	}
}
