package image

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/paved-dev/paved/engine/dockerfile"
)

// The loader resolves Dockerfile base images: the config's user of the
// stage's platform, unknown when the image cannot be looked up.
func TestResolveBase(t *testing.T) {
	host := newRegistry(t, nil)
	idx, _, arm := multiPlatform(t) // both run as 65532
	cfg, _ := arm.ConfigFile()
	cfg = cfg.DeepCopy()
	cfg.Config.User = ""
	rootArm, err := mutate.ConfigFile(arm, cfg)
	if err != nil {
		t.Fatal(err)
	}
	idx = mutate.RemoveManifests(idx, func(d v1.Descriptor) bool { return d.Platform != nil && d.Platform.Architecture == "arm64" })
	idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: rootArm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64", Variant: "v8"}}})
	ref, _ := name.ParseReference(host + "/acme/base:1")
	if err := remote.WriteIndex(ref, idx); err != nil {
		t.Fatal(err)
	}
	l := New(Options{})
	ctx := context.Background()
	for _, c := range []struct {
		ref, platform string
		user          *string
	}{
		{host + "/acme/base:1", "", ptr("65532")},
		{host + "/acme/base:1", "$BUILDPLATFORM", ptr("65532")},
		{host + "/acme/base:1", "linux/arm64", ptr("")},
		{host + "/acme/base:1", "linux/s390x", nil},
		{host + "/acme/missing:1", "", nil},
	} {
		got, err := l.ResolveBase(ctx, c.ref, c.platform)
		if err != nil || (got == nil) != (c.user == nil) || (got != nil && got.User != *c.user) {
			t.Errorf("%s %s: %+v %v", c.ref, c.platform, got, err)
		}
	}
	if _, err := l.ResolveBase(ctx, "Not A Reference", ""); err == nil {
		t.Error("a malformed reference is an error")
	}
	if got, err := New(Options{NoBaseLookup: true}).ResolveBase(ctx, host+"/acme/base:1", ""); got != nil || err != nil {
		t.Errorf("with NoBaseLookup, a base was looked up: %+v %v", got, err)
	}

	// Wired into the Dockerfile kind, the stage's base_user is the image's.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM "+host+"/acme/base:1\nRUN true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ts, err := dockerfile.New(dockerfile.Options{Bases: l}).Load(ctx, filepath.Join(dir, "Dockerfile"))
	if err != nil || len(ts) != 1 {
		t.Fatalf("%d targets: %v", len(ts), err)
	}
	if st := ts[0].Input["stages"].([]any)[0].(map[string]any); st["base_user"] != "65532" {
		t.Errorf("base_user %v", st["base_user"])
	}
}

func ptr(s string) *string { return &s }
