// Package sigkeys loads the keys paved signs and verifies with, for every
// use: images' trusted keys (engine/imagetrust), policy bundles
// (policybundle/oci) and evidence bundles (evidence). A signing key is a
// private key file in cosign's encrypted format (as `cosign
// generate-key-pair` and `paved evidence keygen` write it), a PEM private
// key (PKCS#8, PKCS#1 or SEC 1: ECDSA, ed25519, RSA), or a KMS URI. A
// verifying key is a PEM public key (cosign.pub) or the same KMS URI.
//
// KMS keys are reached through sigstore's providers: Azure Key Vault
// (azurekms://) and HashiCorp Vault (hashivault://) are built in, cheap to
// build; any other scheme goes to sigstore's plugin mechanism, a
// sigstore-kms-<scheme> program on PATH (AWS's and Google Cloud's bring
// SDKs that weigh more).
//
// Everything here is sigstore's and cosign's own code: this package only
// picks which of their loaders a reference needs, and says clearly what is
// wrong with a key.
package sigkeys

import (
	"context"
	"crypto"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/sigstore/cosign/v3/pkg/cosign"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/sigstore/sigstore/pkg/signature/kms"
	_ "github.com/sigstore/sigstore/pkg/signature/kms/azure"      // azurekms://
	_ "github.com/sigstore/sigstore/pkg/signature/kms/hashivault" // hashivault://
	"github.com/sigstore/sigstore/pkg/signature/options"

	"github.com/paved-dev/paved/engine"
)

// maxKeyFile bounds a key file; PEM keys are a few kilobytes.
const maxKeyFile = 1 << 20

// kmsTimeout bounds reaching a KMS for a key.
const kmsTimeout = 30 * time.Second

// Signer signs with a private key or a KMS key.
type Signer struct {
	Name string // the file or KMS URI as given, for messages
	signature.Signer
}

// Verifier checks signatures with a public key or a KMS key.
type Verifier struct {
	Name string // the file or KMS URI as given, for messages
	signature.Verifier
}

// ErrCertificate is the error of a certificate given as a public key.
var ErrCertificate = errors.New("this is a certificate, not a public key")

// Options say how a key is used.
type Options struct {
	// Hash is the hash signatures are made and checked over; 0 is the
	// key's default (SHA-256 for P-256 and RSA, SHA-384 for P-384, none
	// for ed25519, which signs the message itself). Keys in cosign's
	// encrypted format always take cosign's own default.
	Hash crypto.Hash
	// PasswordEnv names where the password of an encrypted key came
	// from, for the error a wrong one gives.
	PasswordEnv string
}

var kmsURI = regexp.MustCompile(`^[a-z][a-z0-9+.-]*://`)

// IsKMS says whether ref names a KMS key: a URI that is not a file (a path
// that exists is a file even if it looks like a URI).
func IsKMS(ref string) bool {
	if _, err := os.Stat(ref); err == nil {
		return false
	}
	return kmsURI.MatchString(ref)
}

// kmsSchemes lists the KMS URI schemes this build reaches through
// sigstore's providers.
func kmsSchemes() []string {
	s := kms.SupportedProviders()
	slices.Sort(s)
	return s
}

// LoadSigner reads a private key file, decrypting a cosign-format key with
// password, or reaches the KMS key a URI names.
func LoadSigner(ctx context.Context, ref string, password []byte, o Options) (*Signer, error) {
	if IsKMS(ref) {
		sv, err := kmsKey(ctx, ref, o)
		if err != nil {
			return nil, err
		}
		return &Signer{Name: ref, Signer: sv}, nil
	}
	b, err := engine.ReadFileLimit(ref, maxKeyFile)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("signing key %s: not a PEM file", ref)
	}
	var s signature.Signer
	switch {
	case block.Type == cosign.SigstorePrivateKeyPemType || block.Type == cosign.CosignPrivateKeyPemType:
		// An empty option list keeps ed25519 keys pure ed25519, which is
		// what verifying with the public key alone (cosign's too) expects.
		if s, err = cosign.LoadPrivateKey(b, password, &[]signature.LoadOption{}); err != nil {
			if o.PasswordEnv != "" {
				return nil, fmt.Errorf("signing key %s: %w (is %s set to its password?)", ref, err, o.PasswordEnv)
			}
			return nil, fmt.Errorf("signing key %s: %w (wrong password?)", ref, err)
		}
	case strings.Contains(block.Type, "PUBLIC KEY"):
		return nil, fmt.Errorf("signing key %s: this is a public key; sign with the private half", ref)
	default:
		key, err := cryptoutils.UnmarshalPEMToPrivateKey(b, cryptoutils.StaticPasswordFunc(password))
		if err != nil {
			return nil, fmt.Errorf("signing key %s: %w", ref, err)
		}
		if o.Hash != 0 {
			s, err = signature.LoadSigner(key, o.Hash)
		} else {
			s, err = signature.LoadDefaultSigner(key)
		}
		if err != nil {
			return nil, fmt.Errorf("signing key %s: %w", ref, err)
		}
	}
	return &Signer{Name: ref, Signer: s}, nil
}

// LoadVerifier reads a PEM public key file, or reaches the KMS key a URI
// names.
func LoadVerifier(ctx context.Context, ref string, o Options) (*Verifier, error) {
	if IsKMS(ref) {
		sv, err := kmsKey(ctx, ref, o)
		if err != nil {
			return nil, err
		}
		return &Verifier{Name: ref, Verifier: sv}, nil
	}
	b, err := engine.ReadFileLimit(ref, maxKeyFile)
	if err != nil {
		return nil, err
	}
	pub, err := cryptoutils.UnmarshalPEMToPublicKey(b)
	if err != nil {
		switch s := string(b); {
		case strings.Contains(s, "PRIVATE KEY"):
			return nil, fmt.Errorf("public key %s: this is a private key; verify with the public half", ref)
		case strings.Contains(s, "CERTIFICATE"):
			return nil, fmt.Errorf("public key %s: %w", ref, ErrCertificate)
		}
		return nil, fmt.Errorf("public key %s: not a PEM public key: %w", ref, err)
	}
	if err := cryptoutils.ValidatePubKey(pub); err != nil {
		return nil, fmt.Errorf("public key %s: %w", ref, err)
	}
	var v signature.Verifier
	if o.Hash != 0 {
		v, err = signature.LoadVerifier(pub, o.Hash)
	} else {
		v, err = signature.LoadDefaultVerifier(pub)
	}
	if err != nil {
		return nil, fmt.Errorf("public key %s: %w", ref, err)
	}
	return &Verifier{Name: ref, Verifier: v}, nil
}

// kmsKey reaches a KMS key through sigstore's providers, and fetches its
// public key at once so an unreachable KMS or a missing key is an error
// here rather than in the middle of a run.
func kmsKey(ctx context.Context, ref string, o Options) (signature.SignerVerifier, error) {
	ctx, cancel := context.WithTimeout(ctx, kmsTimeout)
	defer cancel()
	hash := o.Hash
	if hash == 0 {
		hash = crypto.SHA256
	}
	sv, err := kms.Get(ctx, ref, hash)
	if err != nil {
		var pnf *kms.ProviderNotFoundError
		if errors.As(err, &pnf) {
			return nil, fmt.Errorf("key %s: neither a file nor a KMS this build reaches (built in: %s; other schemes need a sigstore-kms-<scheme> plugin on PATH): %w",
				ref, strings.Join(kmsSchemes(), " "), err)
		}
		return nil, fmt.Errorf("key %s: %w", ref, err)
	}
	if _, err := sv.PublicKey(options.WithContext(ctx)); err != nil {
		return nil, fmt.Errorf("key %s: %w", ref, err)
	}
	return sv, nil
}
