package oci

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/paved-dev/paved/engine"
	"github.com/sigstore/sigstore/pkg/signature/payload"
)

// cosign's signature layout.
const (
	SimpleSigningMediaType types.MediaType = "application/vnd.dev.cosign.simplesigning.v1+json"
	SignatureAnnotation                    = "dev.cosignproject.cosign/signature"
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

// Sign signs the manifest digest of ref and adds the signature to the
// signature image at SignatureTag, keeping signatures already there.
func Sign(ctx context.Context, ref name.Digest, s *Signer, o Options) error {
	dg, err := v1.NewHash(ref.DigestStr())
	if err != nil {
		return err
	}
	pl, err := payload.Cosign{Image: ref}.MarshalJSON()
	if err != nil {
		return err
	}
	sig, err := s.s.SignMessage(bytes.NewReader(pl))
	if err != nil {
		return fmt.Errorf("sign with %s: %w", s.Name, err)
	}
	tag := SignatureTag(ref.Context(), dg)
	base, err := remote.Image(tag, o.remote(ctx)...)
	if err != nil {
		if !isNotFound(err) {
			return fmt.Errorf("read signatures %s: %w", tag, err)
		}
		base = mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	}
	img, err := mutate.Append(base, mutate.Addendum{
		Layer:       static.NewLayer(pl, SimpleSigningMediaType),
		Annotations: map[string]string{SignatureAnnotation: base64.StdEncoding.EncodeToString(sig)},
	})
	if err != nil {
		return err
	}
	if err := remote.Write(tag, img, o.remote(ctx)...); err != nil {
		return fmt.Errorf("push signature %s: %w", tag, err)
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
		if good, err := v.check(ref, dg, cached); err == nil {
			return &Verification{Digest: dg.String(), Key: v.Name}, good, nil
		}
	}
	tag := SignatureTag(ref.Context(), dg)
	sigs, err := fetchSignatures(ctx, tag, o)
	if err != nil {
		if isNotFound(err) {
			return nil, nil, &VerifyError{Ref: ref, Reason: fmt.Sprintf("it is not signed (no signature at %s)", tag)}
		}
		return nil, nil, fmt.Errorf("read signatures of %s: %w", ref, err)
	}
	good, err := v.check(ref, dg, sigs)
	if err != nil {
		return nil, nil, err
	}
	return &Verification{Digest: dg.String(), Key: v.Name}, good, nil
}

// check returns the signatures that verify with the key and cover dg.
func (v *Verifier) check(ref name.Digest, dg v1.Hash, sigs []Signature) ([]Signature, error) {
	if len(sigs) == 0 {
		return nil, &VerifyError{Ref: ref, Reason: "it is not signed (the signature image holds no signature)"}
	}
	var good []Signature
	var other string
	for _, s := range sigs {
		raw, err := base64.StdEncoding.DecodeString(s.Signature)
		if err != nil {
			continue
		}
		if err := v.v.VerifySignature(bytes.NewReader(raw), bytes.NewReader(s.Payload)); err != nil {
			continue
		}
		var sci payload.SimpleContainerImage
		if err := json.Unmarshal(s.Payload, &sci); err != nil || sci.Critical.Type != payload.CosignSignatureType {
			continue
		}
		if sci.Critical.Image.DockerManifestDigest != dg.String() {
			other = sci.Critical.Image.DockerManifestDigest
			continue
		}
		good = append(good, s)
	}
	switch {
	case len(good) > 0:
		return good, nil
	case other != "":
		return nil, &VerifyError{Ref: ref, Reason: fmt.Sprintf("its signature by %s is over %s, not over this bundle's %s (content changed after signing, or a signature copied from another bundle)", v.Name, other, dg)}
	}
	return nil, &VerifyError{Ref: ref, Reason: fmt.Sprintf("none of its %d signature(s) verifies with %s (signed with another key, or tampered with)", len(sigs), v.Name)}
}

// fetchSignatures reads the simple-signing layers of a signature image,
// within bounds.
func fetchSignatures(ctx context.Context, tag name.Tag, o Options) ([]Signature, error) {
	desc, err := remote.Get(tag, o.remote(ctx)...)
	if err != nil {
		return nil, err
	}
	if len(desc.Manifest) > maxManifest {
		return nil, fmt.Errorf("%s: manifest larger than %d bytes", tag, maxManifest)
	}
	m, err := v1.ParseManifest(bytes.NewReader(desc.Manifest))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tag, err)
	}
	var sigs []Signature
	for _, l := range m.Layers {
		if l.MediaType != SimpleSigningMediaType {
			continue
		}
		if len(sigs) == maxSignatures {
			return nil, fmt.Errorf("%s: more than %d signatures", tag, maxSignatures)
		}
		if l.Size > maxPayload {
			return nil, fmt.Errorf("%s: a signature payload of %d bytes, over the limit of %d", tag, l.Size, maxPayload)
		}
		rl, err := remote.Layer(tag.Context().Digest(l.Digest.String()), o.remote(ctx)...)
		if err != nil {
			return nil, err
		}
		rc, err := rl.Compressed()
		if err != nil {
			return nil, err
		}
		pl, err := engine.ReadAllLimit(rc, maxPayload)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: signature payload: %w", tag, err)
		}
		if err := checkDigest(pl, l.Digest); err != nil {
			return nil, fmt.Errorf("%s: signature payload: %w", tag, err)
		}
		sigs = append(sigs, Signature{Payload: pl, Signature: l.Annotations[SignatureAnnotation]})
	}
	return sigs, nil
}

func isNotFound(err error) bool {
	var terr *transport.Error
	if errors.As(err, &terr) {
		if terr.StatusCode == http.StatusNotFound {
			return true
		}
		for _, d := range terr.Errors {
			if d.Code == transport.ManifestUnknownErrorCode || d.Code == transport.NameUnknownErrorCode {
				return true
			}
		}
	}
	return strings.Contains(err.Error(), "MANIFEST_UNKNOWN")
}
