package imagetrust

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"time"

	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore/pkg/signature"

	"github.com/paved-dev/paved/internal/sigkeys"
)

// key is a trusted public key.
type key struct {
	name     string // the file or KMS URI as given, reported as signer.key
	verifier signature.Verifier
}

// material is the key as sigstore-go takes it: valid at any time, since a
// key carries no validity window of its own.
func (k key) material() root.TimeConstrainedVerifier {
	return root.NewExpiringKey(k.verifier, time.Time{}, time.Time{})
}

// loadKey reads a PEM public key file, or reaches a KMS for the key a URI
// names (sigkeys), at once: an unreachable KMS or a missing key is an
// error of the options rather than of every image.
func loadKey(ctx context.Context, ref string) (key, error) {
	v, err := sigkeys.LoadVerifier(ctx, ref, sigkeys.Options{Hash: crypto.SHA256})
	if errors.Is(err, sigkeys.ErrCertificate) {
		return key{}, fmt.Errorf("trusted key: %w: trust its identity with --trusted-identity and --trusted-root", err)
	}
	if err != nil {
		return key{}, fmt.Errorf("trusted key: %w", err)
	}
	return key{name: ref, verifier: v.Verifier}, nil
}
