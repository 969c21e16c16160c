package imagetrust

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/sigstore/sigstore/pkg/signature/kms"
	"github.com/sigstore/sigstore/pkg/signature/options"

	// The KMS providers cheap to build in register themselves with
	// sigstore's kms package, which is how sigstore takes them: Azure Key
	// Vault (azurekms://) and HashiCorp Vault (hashivault://). AWS's and
	// Google Cloud's bring SDKs that weigh more; they are reached as
	// sigstore KMS plugins.
	_ "github.com/sigstore/sigstore/pkg/signature/kms/azure"
	_ "github.com/sigstore/sigstore/pkg/signature/kms/hashivault"
)

// maxKeyFile bounds a public key file; PEM keys are a few kilobytes.
const maxKeyFile = 1 << 20

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

var kmsURI = regexp.MustCompile(`^[a-z][a-z0-9+.-]*://`)

// KMSSchemes lists the KMS URI schemes this build reaches through
// sigstore's providers. Any other scheme goes to sigstore's KMS plugin
// mechanism: a "sigstore-kms-<scheme>" program on PATH.
func KMSSchemes() []string {
	s := kms.SupportedProviders()
	slices.Sort(s)
	return s
}

// loadKey reads a PEM public key file, or reaches a KMS for the key a URI
// names. A path that exists is a file even if it looks like a URI.
func loadKey(ctx context.Context, ref string, timeout time.Duration) (key, error) {
	if _, err := os.Stat(ref); err != nil && kmsURI.MatchString(ref) {
		return loadKMSKey(ctx, ref, timeout)
	}
	f, err := os.Open(ref)
	if err != nil {
		return key{}, fmt.Errorf("trusted key: %w", err)
	}
	defer f.Close()
	b, err := engine.ReadAllLimit(f, maxKeyFile)
	if err != nil {
		return key{}, fmt.Errorf("trusted key %s: %w", ref, err)
	}
	v, err := parsePublicKey(b)
	if err != nil {
		return key{}, fmt.Errorf("trusted key %s: %w", ref, err)
	}
	return key{name: ref, verifier: v}, nil
}

// parsePublicKey reads a PKIX public key in PEM, as cosign.pub holds it.
func parsePublicKey(b []byte) (signature.Verifier, error) {
	pub, err := cryptoutils.UnmarshalPEMToPublicKey(b)
	if err != nil {
		switch s := string(b); {
		case strings.Contains(s, "PRIVATE KEY"):
			return nil, errors.New("this is a private key; pass the public half (cosign.pub)")
		case strings.Contains(s, "CERTIFICATE"):
			return nil, errors.New("this is a certificate; pass a public key, or trust its identity with --trusted-identity and --trusted-root")
		}
		return nil, fmt.Errorf("not a PEM public key: %w", err)
	}
	if err := cryptoutils.ValidatePubKey(pub); err != nil {
		return nil, err
	}
	return signature.LoadVerifier(pub, crypto.SHA256)
}

func loadKMSKey(ctx context.Context, ref string, timeout time.Duration) (key, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	sv, err := kms.Get(ctx, ref, crypto.SHA256)
	if err != nil {
		var pnf *kms.ProviderNotFoundError
		if errors.As(err, &pnf) {
			return key{}, fmt.Errorf("trusted key %s: neither a file nor a KMS this build reaches (built in: %s; other schemes need a sigstore-kms-<scheme> plugin on PATH): %w",
				ref, strings.Join(KMSSchemes(), " "), err)
		}
		return key{}, fmt.Errorf("trusted key %s: %w", ref, err)
	}
	// Fetch the public key now, so an unreachable KMS or a missing key is
	// an error of the options rather than of every image.
	if _, err := sv.PublicKey(options.WithContext(ctx)); err != nil {
		return key{}, fmt.Errorf("trusted key %s: %w", ref, err)
	}
	return key{name: ref, verifier: sv}, nil
}
