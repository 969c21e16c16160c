package oci

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/paved-dev/paved/policybundle"
)

// FuzzBundleLayer feeds arbitrary manifests (from a registry or the cache)
// to the layer finder: it must not panic, and any layer it returns is a
// bundle layer within the archive limit.
func FuzzBundleLayer(f *testing.F) {
	img, err := Image([]byte("not really gzip"))
	if err != nil {
		f.Fatal(err)
	}
	raw, _ := img.RawManifest()
	f.Add(raw)
	f.Add([]byte(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}`))
	f.Add([]byte(`{"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":-1,"digest":"sha256:00"}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		sum := sha256.Sum256(raw)
		dg := v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(sum[:])}
		l, err := bundleLayer(raw, dg, policybundle.Limits{Archive: 1 << 20})
		if err != nil {
			return
		}
		if l.MediaType != BundleLayer || l.Size <= 0 || l.Size > 1<<20 {
			t.Fatalf("accepted layer %+v", l)
		}
	})
}
