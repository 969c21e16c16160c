package oci

import (
	"context"
	"crypto"

	"github.com/paved-dev/paved/internal/sigkeys"
)

// Signer signs bundle digests with a private key or a KMS key.
type Signer = sigkeys.Signer

// Verifier checks signatures with a public key or a KMS key.
type Verifier = sigkeys.Verifier

// keyOptions are how policy bundles use keys: SHA-256, as they always
// have been signed, and cosign's password variable.
var keyOptions = sigkeys.Options{Hash: crypto.SHA256, PasswordEnv: "COSIGN_PASSWORD"}

// LoadSigner reads a private key (a PEM key, or cosign's encrypted
// format, as `cosign generate-key-pair` writes it, decrypted with
// password) or reaches the KMS key a URI names (sigkeys).
func LoadSigner(ctx context.Context, ref string, password []byte) (*Signer, error) {
	return sigkeys.LoadSigner(ctx, ref, password, keyOptions)
}

// LoadVerifier reads a PEM public key, such as cosign.pub, or reaches the
// KMS key a URI names.
func LoadVerifier(ctx context.Context, ref string) (*Verifier, error) {
	return sigkeys.LoadVerifier(ctx, ref, keyOptions)
}
