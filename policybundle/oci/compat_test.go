package oci

import (
	"bytes"
	"context"
	"encoding/base64"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/sigstore/sigstore/pkg/signature/payload"
)

// Signatures pushed before paved signed with cosign's packages were
// written layer by layer with go-containerregistry: the same layout, which
// cosign's reader takes.
func TestReadsSignaturesWrittenByHand(t *testing.T) {
	ctx := context.Background()
	r := newRegistry(t)
	o := opts(t)
	dg, err := Push(ctx, r.host()+"/acme/policies:v1", archive(t, "../testdata/acme"), o)
	if err != nil {
		t.Fatal(err)
	}
	signer, verifier := keyPair(t, ecKey(t))
	pl, err := payload.Cosign{Image: dg}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signer.SignMessage(bytes.NewReader(pl))
	if err != nil {
		t.Fatal(err)
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.Append(base, mutate.Addendum{
		Layer:       static.NewLayer(pl, "application/vnd.dev.cosign.simplesigning.v1+json"),
		Annotations: map[string]string{"dev.cosignproject.cosign/signature": base64.StdEncoding.EncodeToString(sig)},
	})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := v1.NewHash(dg.DigestStr())
	if err := remote.Write(SignatureTag(dg.Context(), h), img); err != nil {
		t.Fatal(err)
	}
	p, err := Pull(ctx, dg.String(), verifier, o)
	if err != nil {
		t.Fatal(err)
	}
	if p.Verified == nil || p.Verified.Digest != dg.DigestStr() {
		t.Fatalf("verification %+v", p.Verified)
	}
	// A second signature is added beside it, not over it.
	if err := Sign(ctx, dg, signer, o); err != nil {
		t.Fatal(err)
	}
	got, err := remote.Image(SignatureTag(dg.Context(), h))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := got.Manifest()
	if len(m.Layers) != 2 || m.MediaType != types.OCIManifestSchema1 || m.Config.MediaType != types.OCIConfigJSON {
		t.Fatalf("signature image after signing again: %+v", m)
	}
}
