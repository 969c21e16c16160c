package image

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/paved-dev/paved/engine"
)

// sbomVerifier attests two SBOMs for every image, the second unreadable.
type sbomVerifier struct{ asked []string }

func (v *sbomVerifier) Verify(ctx context.Context, d name.Digest, opts ...remote.Option) Trust {
	v.asked = append(v.asked, d.DigestStr())
	return Trust{
		Signatures:   map[string]any{"checked": true, "error": "", "trusted_signers": 1, "found": []any{}},
		Attestations: []any{},
		SBOMs:        [][]byte{[]byte(`{"ok": true}`), []byte(`not json`)},
	}
}

// Attested SBOMs become targets named after the image (same repository,
// the platform's path plus /sbom-N); one that cannot be read is a
// diagnostic naming the image, never dropped silently.
func TestAttachedSBOMs(t *testing.T) {
	host := newRegistry(t, nil)
	push(t, host+"/app:1", appImage(t, "amd64"))
	v := &sbomVerifier{}
	parse := func(id string, doc []byte) (*engine.Target, error) {
		if string(doc) != `{"ok": true}` {
			return nil, errors.New("not an SBOM")
		}
		return &engine.Target{Kind: "sbom", ID: id}, nil
	}
	ts, err := New(Options{Verifier: v, ParseSBOM: parse, NoFileSystem: true, NoBaseLookup: true}).Load(context.Background(), "image://"+host+"/app:1")
	var diags engine.Diagnostics
	if !errors.As(err, &diags) || len(diags) != 1 || !strings.Contains(diags[0].Message, "the SBOM attested for image://") {
		t.Fatalf("err = %v", err)
	}
	if len(ts) != 2 || ts[1].Kind != "sbom" || ts[1].Identity.Repo != ts[0].Identity.Repo || ts[1].Identity.Path != ts[0].Identity.Path+"/sbom-1" {
		t.Fatalf("targets = %+v", ts)
	}
	if len(v.asked) != 1 || "sha256:"+strings.TrimPrefix(ts[0].Digest, "sha256:") != v.asked[0] {
		t.Errorf("asked for %v, image %s", v.asked, ts[0].Digest)
	}
}
