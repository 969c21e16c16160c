package check

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/image"
)

// An image reference is no path: it reaches the image kind, and its
// targets keep the repository the image names, whatever the run's.
func TestImageReferences(t *testing.T) {
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	img, err := random.Image(1024, 2)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := img.ConfigFile()
	cfg.OS, cfg.Architecture = "linux", "amd64"
	if img, err = mutate.ConfigFile(img, cfg); err != nil {
		t.Fatal(err)
	}
	ref, _ := name.ParseReference(host + "/acme/app:1")
	if err := remote.Write(ref, img); err != nil {
		t.Fatal(err)
	}
	arg := "image://" + host + "/acme/app:1"
	kinds := newKinds(Options{}, nil, nil)
	for _, p := range []string{arg, "oci:missing-layout", "docker-archive:missing.tar"} {
		ks, err := forPath(kinds, p)
		if err != nil || len(ks) != 1 || ks[0].Kind() != image.Kind {
			t.Errorf("%s: %v %v", p, ks, err)
		}
	}
	if _, err := forPath(kinds, "missing-file.tf"); err == nil || !strings.Contains(err.Error(), "no such file") || strings.Contains(err.Error(), "image://") {
		t.Errorf("a missing path is still a missing path: %v", err)
	}
	if _, err := forPath(kinds, "alpine:3.20"); err == nil || !strings.Contains(err.Error(), "name it image://alpine:3.20") {
		t.Errorf("a reference written without image:// gets no hint: %v", err)
	}

	missing := "image://" + host + "/acme/app:2"
	rep, err := Judge(context.Background(), builtin(t), Options{Paths: []string{arg, missing}, Repo: "github.com/acme/infra",
		Image: image.Options{NoFileSystem: true}})
	var le *LoadError
	if !errors.As(err, &le) || len(le.Diagnostics) != 1 || le.Diagnostics[0].File != missing {
		t.Fatalf("a missing image is an input error: %v", err)
	}
	var judged, failed bool
	for _, tg := range rep.Targets {
		switch {
		case tg.ID == arg:
			judged = tg.Kind == image.Kind && tg.Repo == host+"/acme/app" && tg.Path == "linux/amd64" && tg.Error == ""
		case tg.ID == missing:
			// named by the reference alone, not by the run's repository
			failed = tg.Kind == image.Kind && tg.Error != "" && tg.Repo == "" && tg.Path == missing
		}
	}
	if !judged || !failed {
		t.Errorf("targets %+v", rep.Targets)
	}
	if rep.Summary.Error == 0 {
		t.Error("the missing image is no error result")
	}
	for _, r := range rep.Results {
		if r.Target.ID == arg && r.Status == engine.StatusError {
			t.Errorf("%s: %s", r.Policy.ID, r.Message)
		}
	}
}

// The run's trusted signers reach the image's signature policy: with a
// trusted key, an unsigned image fails as unsigned; with none, it fails
// because no signer is trusted; a key that cannot be read stops the run.
func TestImageTrustWiring(t *testing.T) {
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	img, err := random.Image(256, 1)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := name.ParseReference(host + "/acme/app:1")
	if err := remote.Write(ref, img); err != nil {
		t.Fatal(err)
	}
	arg := "image://" + ref.String()
	key := writePublicKey(t)
	img001 := func(trust TrustOptions) string {
		t.Helper()
		rep, err := Judge(context.Background(), builtin(t), Options{Paths: []string{arg}, Repo: "github.com/acme/infra",
			Trust: trust, Image: image.Options{NoFileSystem: true, NoBaseLookup: true}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rep.Results {
			if r.Policy.ID == "IMG-001" {
				return string(r.Status) + ": " + r.Message
			}
		}
		t.Fatal("IMG-001 did not judge the image")
		return ""
	}
	if got := img001(TrustOptions{Keys: []string{key}}); !strings.HasPrefix(got, "fail: ") || !strings.Contains(got, "is not signed") {
		t.Errorf("with a trusted key: %s", got)
	}
	if got := img001(TrustOptions{}); !strings.HasPrefix(got, "fail: ") || !strings.Contains(got, "no signer is trusted") {
		t.Errorf("with no trusted signer: %s", got)
	}
	_, err = Judge(context.Background(), builtin(t), Options{Paths: []string{arg}, Trust: TrustOptions{Keys: []string{key + ".missing"}}})
	if err == nil || !strings.Contains(err.Error(), ".missing") {
		t.Errorf("an unreadable key: %v", err)
	}
}

// writePublicKey writes a fresh ECDSA public key in PEM, as cosign.pub is.
func writePublicKey(t *testing.T) string {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cosign.pub")
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
