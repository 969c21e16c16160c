package ocistore

import (
	"github.com/paved-dev/paved/evidence/bundle"
	"io/fs"
	"testing"
)

func FuzzParseManifest(f *testing.F) {
	d := "sha256:" + "ab0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"[:64]
	f.Add([]byte(`{"schemaVersion":2,"artifactType":"application/vnd.paved.evidence.v1","layers":[` +
		`{"mediaType":"application/json","digest":"` + d + `","size":2,"annotations":{"org.opencontainers.image.title":"manifest.json"}},` +
		`{"mediaType":"application/vnd.dsse.envelope.v1+json","digest":"` + d + `","size":2,"annotations":{"org.opencontainers.image.title":"attestation.json"}}]}`))
	f.Add([]byte(`{"artifactType":"application/vnd.paved.evidence.v1","layers":[{"digest":"` + d + `","annotations":{"org.opencontainers.image.title":"../x"}}]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		var total int64
		for _, l := range m.Layers {
			title := l.Annotations[AnnotationTitle]
			if !fs.ValidPath(title) || title == "." || seen[title] || l.Size < 0 || l.Size > bundle.MaxFileSize || l.Digest.Algorithm != "sha256" {
				t.Fatalf("accepted layer %+v", l)
			}
			seen[title] = true
			total += l.Size
		}
		if total > bundle.MaxTotalSize {
			t.Fatalf("accepted %d bytes", total)
		}
	})
}
