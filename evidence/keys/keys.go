package keys

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/sigstore/cosign/v3/pkg/cosign"
)

// PasswordEnv names the variable holding the password of an encrypted
// private key; unset or empty is the empty password.
const PasswordEnv = "PAVED_KEY_PASSWORD"

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
