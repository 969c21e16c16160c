package oci

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/sigstore/cosign/v3/pkg/cosign"
	cosignoci "github.com/sigstore/cosign/v3/pkg/oci"
	"github.com/sigstore/cosign/v3/pkg/oci/mutate"
	ociremote "github.com/sigstore/cosign/v3/pkg/oci/remote"
	"github.com/sigstore/cosign/v3/pkg/oci/static"
	ctypes "github.com/sigstore/cosign/v3/pkg/types"
	"github.com/sigstore/sigstore/pkg/signature/payload"
)

// cosign's signature layout, which cosign's packages read and write.
const (
	SimpleSigningMediaType types.MediaType = ctypes.SimpleSigningMediaType
	SignatureAnnotation                    = static.SignatureAnnotationKey
)

// Bounds on what a signature image may make paved read.
const (
	maxSignatures = 64
	maxPayload    = 64 << 10
)

// Signature is one cosign simple-signing signature: the payload naming the
// manifest digest and the base64 signature over the payload.
type Signature struct {
	Payload   []byte `json:"payload"`
	Signature string `json:"signature"`
}

// Verification says what verified a bundle.
type Verification struct {
	Digest string // the bundle manifest digest the signature covers
	Key    string // the public key file
}

// SignatureTag is where cosign keeps the signatures of dg.
func SignatureTag(repo name.Repository, dg v1.Hash) name.Tag {
	return repo.Tag(dg.Algorithm + "-" + dg.Hex + ".sig")
}

func (o Options) cosign(ctx context.Context) []ociremote.Option {
	return []ociremote.Option{ociremote.WithRemoteOptions(o.remote(ctx)...)}
}

// Sign signs the manifest digest of ref and adds the signature to the
// signature image at SignatureTag with cosign's packages, keeping
// signatures already there.
func Sign(ctx context.Context, ref name.Digest, s *Signer, o Options) error {
	dg, err := v1.NewHash(ref.DigestStr())
	if err != nil {
		return err
	}
	pl, err := payload.Cosign{Image: ref}.MarshalJSON()
	if err != nil {
		return err
	}
	raw, err := s.SignMessage(bytes.NewReader(pl))
	if err != nil {
		return fmt.Errorf("sign with %s: %w", s.Name, err)
	}
	sig, err := static.NewSignature(pl, base64.StdEncoding.EncodeToString(raw))
	if err != nil {
		return err
	}
	se, err := mutate.AttachSignatureToEntity(ociremote.SignedUnknown(ref, o.cosign(ctx)...), sig)
	if err != nil {
		return err
	}
	if err := ociremote.WriteSignatures(ref.Repository, se, o.cosign(ctx)...); err != nil {
		return fmt.Errorf("push signature %s: %w", SignatureTag(ref.Context(), dg), err)
	}
	return nil
}

// VerifyError is a bundle refused for its signature.
type VerifyError struct {
	Ref    name.Digest
	Reason string
}

func (e *VerifyError) Error() string { return fmt.Sprintf("bundle %s refused: %s", e.Ref, e.Reason) }

// verify checks the bundle's signatures, cached ones first (offline use),
// then the registry's. It returns the signatures that verified, to cache.
func verify(ctx context.Context, ref name.Digest, dg v1.Hash, v *Verifier, cached []Signature, o Options) (*Verification, []Signature, error) {
	if len(cached) > 0 {
		sigs := make([]cosignoci.Signature, 0, len(cached))
		for _, c := range cached {
			if s, err := static.NewSignature(c.Payload, c.Signature); err == nil {
				sigs = append(sigs, s)
			}
		}
		if good, err := check(ctx, v, ref, dg, sigs); err == nil {
			return &Verification{Digest: dg.String(), Key: v.Name}, good, nil
		}
	}
	tag := SignatureTag(ref.Context(), dg)
	sigs, err := fetchSignatures(tag, o.cosign(ctx))
	if err != nil {
		return nil, nil, fmt.Errorf("read signatures of %s: %w", ref, err)
	}
	if len(sigs) == 0 {
		// cosign reads a missing tag as an empty signature image.
		return nil, nil, &VerifyError{Ref: ref, Reason: fmt.Sprintf("it is not signed (no signature at %s)", tag)}
	}
	good, err := check(ctx, v, ref, dg, sigs)
	if err != nil {
		return nil, nil, err
	}
	return &Verification{Digest: dg.String(), Key: v.Name}, good, nil
}

// check returns the signatures that cosign verifies with the key and that
// cover dg.
func check(ctx context.Context, v *Verifier, ref name.Digest, dg v1.Hash, sigs []cosignoci.Signature) ([]Signature, error) {
	if len(sigs) == 0 {
		return nil, &VerifyError{Ref: ref, Reason: "it is not signed (the signature image holds no signature)"}
	}
	// A key signature needs no transparency log; paved's signatures have
	// none.
	co := &cosign.CheckOpts{SigVerifier: v.Verifier, IgnoreTlog: true, IgnoreSCT: true, Offline: true}
	var good []Signature
	var other string
	for _, s := range sigs {
		if _, err := cosign.VerifyImageSignature(ctx, s, dg, co); err != nil {
			continue
		}
		pl, err := s.Payload()
		if err != nil {
			continue
		}
		var sci payload.SimpleContainerImage
		if err := json.Unmarshal(pl, &sci); err != nil || sci.Critical.Type != payload.CosignSignatureType {
			continue
		}
		if err := cosign.SimpleClaimVerifier(s, dg, nil); err != nil {
			other = sci.Critical.Image.DockerManifestDigest
			continue
		}
		b64, err := s.Base64Signature()
		if err != nil {
			continue
		}
		good = append(good, Signature{Payload: pl, Signature: b64})
	}
	switch {
	case len(good) > 0:
		return good, nil
	case other != "":
		return nil, &VerifyError{Ref: ref, Reason: fmt.Sprintf("its signature by %s is over %s, not over this bundle's %s (content changed after signing, or a signature copied from another bundle)", v.Name, other, dg)}
	}
	return nil, &VerifyError{Ref: ref, Reason: fmt.Sprintf("none of its %d signature(s) verifies with %s (signed with another key, or tampered with)", len(sigs), v.Name)}
}

// fetchSignatures reads the simple-signing layers of the signature image
// at tag with cosign's packages, within bounds; none when there is no tag.
func fetchSignatures(tag name.Tag, opts []ociremote.Option) ([]cosignoci.Signature, error) {
	sigs, err := ociremote.Signatures(tag, opts...)
	if err != nil {
		return nil, err
	}
	m, err := sigs.Manifest()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tag, err)
	}
	n := 0
	for _, l := range m.Layers {
		if l.MediaType != SimpleSigningMediaType {
			continue
		}
		if n++; n > maxSignatures {
			return nil, fmt.Errorf("%s: more than %d signatures", tag, maxSignatures)
		}
		if l.Size > maxPayload {
			return nil, fmt.Errorf("%s: a signature payload of %d bytes, over the limit of %d", tag, l.Size, maxPayload)
		}
	}
	list, err := sigs.Get()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tag, err)
	}
	out := make([]cosignoci.Signature, 0, len(list))
	for _, s := range list {
		if mt, err := s.MediaType(); err != nil || mt != SimpleSigningMediaType {
			continue
		}
		// One read of each layer, checked against its digest by
		// go-containerregistry, however many times it is looked at.
		c, err := static.Copy(s)
		if err != nil {
			return nil, fmt.Errorf("%s: signature payload: %w", tag, err)
		}
		out = append(out, c)
	}
	return out, nil
}
