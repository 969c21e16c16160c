package keys

import (
	"context"
	"crypto"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/imagetrust"
	"github.com/sigstore/cosign/v3/pkg/cosign"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/sigstore/sigstore/pkg/signature/kms"
	"github.com/sigstore/sigstore/pkg/signature/options"
)

// PasswordEnv names the variable holding the password of an encrypted
// private key; unset or empty is the empty password.
const PasswordEnv = "PAVED_KEY_PASSWORD"

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

var kmsURI = regexp.MustCompile(`^[a-z][a-z0-9+.-]*://`)

// IsKMS says whether ref names a KMS key: a URI that is not a file (a path
// that exists is a file even if it looks like a URI).
func IsKMS(ref string) bool {
	if _, err := os.Stat(ref); err == nil {
		return false
	}
	return kmsURI.MatchString(ref)
}

// LoadSigner reads a private key file, decrypting a cosign-format key with
// password, or reaches the KMS key a URI names.
func LoadSigner(ctx context.Context, ref string, password []byte) (*Signer, error) {
	if IsKMS(ref) {
		sv, err := kmsKey(ctx, ref)
		if err != nil {
			return nil, err
		}
		return &Signer{Name: ref, Signer: sv}, nil
	}
	b, err := readKey(ref)
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
		s, err = cosign.LoadPrivateKey(b, password, &[]signature.LoadOption{})
		if err != nil {
			return nil, fmt.Errorf("signing key %s: %w (is %s set to its password?)", ref, err, PasswordEnv)
		}
	case strings.Contains(block.Type, "PUBLIC KEY"):
		return nil, fmt.Errorf("signing key %s: this is a public key; sign with the private half (paved.key)", ref)
	default:
		key, err := cryptoutils.UnmarshalPEMToPrivateKey(b, cryptoutils.StaticPasswordFunc(password))
		if err != nil {
			return nil, fmt.Errorf("signing key %s: %w", ref, err)
		}
		if s, err = signature.LoadDefaultSigner(key); err != nil {
			return nil, fmt.Errorf("signing key %s: %w", ref, err)
		}
	}
	return &Signer{Name: ref, Signer: s}, nil
}

// LoadVerifier reads a PEM public key file, or reaches the KMS key a URI
// names.
func LoadVerifier(ctx context.Context, ref string) (*Verifier, error) {
	if IsKMS(ref) {
		sv, err := kmsKey(ctx, ref)
		if err != nil {
			return nil, err
		}
		return &Verifier{Name: ref, Verifier: sv}, nil
	}
	b, err := readKey(ref)
	if err != nil {
		return nil, err
	}
	pub, err := cryptoutils.UnmarshalPEMToPublicKey(b)
	if err != nil {
		if strings.Contains(string(b), "PRIVATE KEY") {
			return nil, fmt.Errorf("public key %s: this is a private key; verify with the public half (paved.pub)", ref)
		}
		return nil, fmt.Errorf("public key %s: %w", ref, err)
	}
	if err := cryptoutils.ValidatePubKey(pub); err != nil {
		return nil, fmt.Errorf("public key %s: %w", ref, err)
	}
	v, err := signature.LoadDefaultVerifier(pub)
	if err != nil {
		return nil, fmt.Errorf("public key %s: %w", ref, err)
	}
	return &Verifier{Name: ref, Verifier: v}, nil
}

// kmsKey reaches a KMS key through sigstore's providers, and fetches its
// public key at once so an unreachable KMS or a missing key is an error
// here rather than in the middle of a bundle.
func kmsKey(ctx context.Context, ref string) (signature.SignerVerifier, error) {
	ctx, cancel := context.WithTimeout(ctx, kmsTimeout)
	defer cancel()
	sv, err := kms.Get(ctx, ref, crypto.SHA256)
	if err != nil {
		var pnf *kms.ProviderNotFoundError
		if errors.As(err, &pnf) {
			return nil, fmt.Errorf("key %s: neither a file nor a KMS this build reaches (built in: %s; other schemes need a sigstore-kms-<scheme> plugin on PATH): %w",
				ref, strings.Join(imagetrust.KMSSchemes(), " "), err)
		}
		return nil, fmt.Errorf("key %s: %w", ref, err)
	}
	if _, err := sv.PublicKey(options.WithContext(ctx)); err != nil {
		return nil, fmt.Errorf("key %s: %w", ref, err)
	}
	return sv, nil
}

func readKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := engine.ReadAllLimit(f, maxKeyFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// Pair is a new key pair in cosign's formats: the private key encrypted
// with a password, and the public key in PEM.
type Pair struct {
	Private []byte
	Public  []byte
}

// Generate makes an ECDSA P-256 key pair as `cosign generate-key-pair`
// does, the private key encrypted with password (empty is allowed).
func Generate(password []byte) (*Pair, error) {
	kb, err := cosign.GenerateKeyPair(func(bool) ([]byte, error) { return password, nil })
	if err != nil {
		return nil, err
	}
	return &Pair{Private: kb.PrivateBytes, Public: kb.PublicBytes}, nil
}

// Names of the files WritePair writes.
const (
	PrivateFile = "paved.key"
	PublicFile  = "paved.pub"
)

// WritePair writes paved.key (readable by its owner only) and paved.pub
// into dir, creating it; it never overwrites a key.
func WritePair(dir string, p *Pair) (priv, pub string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	priv, pub = filepath.Join(dir, PrivateFile), filepath.Join(dir, PublicFile)
	for _, f := range []string{priv, pub} {
		if _, err := os.Lstat(f); err == nil {
			return "", "", fmt.Errorf("%s exists: a key is never overwritten", f)
		}
	}
	if err := writeNew(priv, p.Private, 0o600); err != nil {
		return "", "", err
	}
	if err := writeNew(pub, p.Public, 0o644); err != nil {
		os.Remove(priv)
		return "", "", err
	}
	return priv, pub, nil
}

func writeNew(path string, b []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}
