package image

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// A base is current while its name points to the digest the image
// recorded, by index or by the platform's manifest; stale once the tag
// moves; unknown, with the reason, when it cannot be looked up.
func TestBaseCurrency(t *testing.T) {
	host := newRegistry(t, nil)
	idx, amd64, _ := multiPlatform(t)
	idxRef := host + "/base:1"
	ref, err := name.ParseReference(idxRef)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.WriteIndex(ref, idx); err != nil {
		t.Fatal(err)
	}
	idxDigest, _ := idx.Digest()
	amdDigest, _ := amd64.Digest()
	l := New(Options{})
	check := func(recorded string) map[string]any {
		base := map[string]any{"name": idxRef, "digest": recorded}
		l.baseCurrency(context.Background(), base, v1.Platform{OS: "linux", Architecture: "amd64"})
		return base
	}
	for _, recorded := range []string{idxDigest.String(), amdDigest.String()} {
		if b := check(recorded); b["checked"] != true || b["current_digest"] != recorded {
			t.Errorf("recorded %s: %v, want current", recorded, b)
		}
	}
	moved, err := random.Image(64, 1)
	if err != nil {
		t.Fatal(err)
	}
	newDigest := push(t, idxRef, moved)
	if b := check(idxDigest.String()); b["checked"] != true || b["current_digest"] != newDigest.String() {
		t.Errorf("after the tag moved: %v, want current_digest %s", b, newDigest)
	}
	unknown := map[string]any{"name": host + "/missing:1", "digest": idxDigest.String()}
	l.baseCurrency(context.Background(), unknown, v1.Platform{OS: "linux", Architecture: "amd64"})
	if unknown["checked"] != false || !strings.Contains(unknown["error"].(string), "could not be looked up") {
		t.Errorf("missing base: %v", unknown)
	}
	off := map[string]any{"name": idxRef, "digest": idxDigest.String()}
	New(Options{NoBaseLookup: true}).baseCurrency(context.Background(), off, v1.Platform{OS: "linux", Architecture: "amd64"})
	if off["checked"] != false || !strings.Contains(off["error"].(string), "--no-base-lookup") {
		t.Errorf("no lookup: %v", off)
	}
}
