package oci

import (
	"bytes"
	"crypto"
	"fmt"
	"os"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
)

// maxKeyFile bounds a key file; PEM keys are a few kilobytes.
const maxKeyFile = 1 << 20

// Signer signs bundle digests with a private key.
type Signer struct {
	Name string // the key file, for messages
	s    signature.Signer
}

// Verifier checks signatures with a public key.
type Verifier struct {
	Name string // the key file, for messages
	v    signature.Verifier
}

// LoadSigner reads a PEM private key: PKCS#8, PKCS#1 or SEC 1 (ECDSA,
// ed25519, RSA), or cosign's encrypted format ("ENCRYPTED SIGSTORE PRIVATE
// KEY", as `cosign generate-key-pair` writes) decrypted with password.
func LoadSigner(path string, password []byte) (*Signer, error) {
	b, err := readKey(path)
	if err != nil {
		return nil, err
	}
	pf := cryptoutils.StaticPasswordFunc(password)
	key, err := cryptoutils.UnmarshalPEMToPrivateKey(b, pf)
	if err != nil {
		if bytes.Contains(b, []byte("ENCRYPTED")) {
			return nil, fmt.Errorf("private key %s: %w (is COSIGN_PASSWORD set to its password?)", path, err)
		}
		return nil, fmt.Errorf("private key %s: %w", path, err)
	}
	s, err := signature.LoadSigner(key, crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("private key %s: %w", path, err)
	}
	return &Signer{Name: path, s: s}, nil
}

// LoadVerifier reads a PEM public key (PKIX: ECDSA, ed25519, RSA), such as
// cosign.pub.
func LoadVerifier(path string) (*Verifier, error) {
	b, err := readKey(path)
	if err != nil {
		return nil, err
	}
	key, err := cryptoutils.UnmarshalPEMToPublicKey(b)
	if err != nil {
		if strings.Contains(string(b), "PRIVATE KEY") {
			return nil, fmt.Errorf("public key %s: this is a private key; pass the public half (cosign.pub)", path)
		}
		return nil, fmt.Errorf("public key %s: %w", path, err)
	}
	if err := cryptoutils.ValidatePubKey(key); err != nil {
		return nil, fmt.Errorf("public key %s: %w", path, err)
	}
	v, err := signature.LoadVerifier(key, crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("public key %s: %w", path, err)
	}
	return &Verifier{Name: path, v: v}, nil
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
