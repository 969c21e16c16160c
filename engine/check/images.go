package check

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/paved-dev/paved/engine/config"
	"github.com/paved-dev/paved/engine/image"
	"github.com/paved-dev/paved/engine/imagetrust"
)

// TrustOptions name who may sign images and their attestations: what
// .paved.yaml's trust says, which the flags add to.
type TrustOptions = config.Trust

// imageVerifier is imagetrust's verifier as the image loader asks for it:
// the attested SBOMs come back with what was verified, to be judged as
// SBOMs.
type imageVerifier struct{ v *imagetrust.Verifier }

var (
	_ image.Verifier      = imageVerifier{}
	_ image.IndexVerifier = imageVerifier{}
)

func (iv imageVerifier) Verify(ctx context.Context, d name.Digest, opts ...remote.Option) image.Trust {
	return trustOf(iv.v.Verify(ctx, d, opts...))
}

func (iv imageVerifier) VerifyIndexed(ctx context.Context, manifest, index name.Digest, opts ...remote.Option) image.Trust {
	return trustOf(iv.v.VerifyIndexed(ctx, manifest, index, opts...))
}

func trustOf(r *imagetrust.Result) image.Trust {
	t := image.Trust{Signatures: r.Signatures, Attestations: r.Attestations}
	for _, s := range r.SBOMs {
		t.SBOMs = append(t.SBOMs, s.Document)
	}
	return t
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
