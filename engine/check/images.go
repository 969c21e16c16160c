package check

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/go-containerregistry/pkg/name"

	"github.com/paved-dev/paved/engine/image"
	"github.com/paved-dev/paved/engine/imagetrust"
)

// TrustOptions name who may sign images and their attestations.
type TrustOptions struct {
	// Keys are public keys: PEM or cosign.pub files, or KMS URIs.
	Keys []string
	// Identities are keyless signers, ISSUER=SUBJECT-REGEXP.
	Identities []string
	// TrustedRoot is sigstore's trusted_root.json, for keyless signers.
	TrustedRoot string
}

// imageVerifier is imagetrust's verifier as the image loader asks for it:
// it also hands over the attested SBOMs, to be judged as SBOMs.
type imageVerifier struct{ *imagetrust.Verifier }

func (v imageVerifier) AttachedSBOMs(d name.Digest) [][]byte {
	var out [][]byte
	for _, s := range v.SBOMs(d) {
		out = append(out, s.Document)
	}
	return out
}

// verifierFor builds the image verifier of a run whose paths name an image:
// always, even with no trusted signer, so that the signature policies can
// say what was found and that none is trusted. nil when no path is an
// image. A key, identity or trusted root that cannot be read is an error.
func verifierFor(ctx context.Context, paths []string, t TrustOptions) (image.Verifier, error) {
	if !slices.ContainsFunc(paths, image.IsReference) {
		return nil, nil
	}
	o := imagetrust.Options{Keys: t.Keys, TrustedRoot: t.TrustedRoot}
	for _, s := range t.Identities {
		id, err := imagetrust.ParseIdentity(s)
		if err != nil {
			return nil, fmt.Errorf("trusted identity %q: %w", s, err)
		}
		o.Identities = append(o.Identities, id)
	}
	v, err := imagetrust.New(ctx, o)
	if err != nil {
		return nil, err
	}
	return imageVerifier{v}, nil
}
