package sigkeys

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigstore/cosign/v3/pkg/cosign"
	protocommon "github.com/sigstore/protobuf-specs/gen/pb-go/common/v1"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
)

func roundTrip(t *testing.T, s *Signer, v *Verifier) {
	t.Helper()
	msg := []byte("evidence")
	sig, err := s.SignMessage(bytes.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.VerifySignature(bytes.NewReader(sig), bytes.NewReader(msg)); err != nil {
		t.Fatalf("%s does not verify %s's signature: %v", v.Name, s.Name, err)
	}
	if err := v.VerifySignature(bytes.NewReader(sig), bytes.NewReader([]byte("other"))); err == nil {
		t.Fatalf("%s verifies a signature of another message", v.Name)
	}
}

// PEM private keys of every kind sign, cosign's ed25519 keys included
// (pure ed25519, as a verifier with the public key alone expects); a key
// of the wrong half is refused saying so.
func TestPEMKeys(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	sec1, _ := x509.MarshalECPrivateKey(ec)
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(ed)
	for _, c := range []struct {
		name  string
		block *pem.Block
		pub   crypto.PublicKey
	}{
		{"ec.key", &pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}, &ec.PublicKey},
		{"ed.key", &pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}, ed.Public()},
		{"rsa.key", &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rk)}, &rk.PublicKey},
	} {
		priv := filepath.Join(dir, c.name)
		pub := priv + ".pub"
		os.WriteFile(priv, pem.EncodeToMemory(c.block), 0o600)
		pubPEM, _ := cryptoutils.MarshalPublicKeyToPEM(c.pub)
		os.WriteFile(pub, pubPEM, 0o644)
		s, err := LoadSigner(ctx, priv, nil, Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		v, err := LoadVerifier(ctx, pub, Options{})
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, s, v)
		if _, err := LoadSigner(ctx, pub, nil, Options{}); err == nil || !strings.Contains(err.Error(), "public key") {
			t.Errorf("%s: a public key as the signing key: %v", c.name, err)
		}
		if _, err := LoadVerifier(ctx, priv, Options{}); err == nil || !strings.Contains(err.Error(), "private key") {
			t.Errorf("%s: a private key as the verifying key: %v", c.name, err)
		}
	}

	// cosign's ed25519 key pair: signed pure ed25519, verified with the
	// public key alone, as cosign verifies with --key.
	algo, err := signature.GetAlgorithmDetails(protocommon.PublicKeyDetails_PKIX_ED25519)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := cosign.GenerateKeyPairWithAlgorithm(&algo, func(bool) ([]byte, error) { return []byte("pw"), nil })
	if err != nil {
		t.Fatal(err)
	}
	priv := writeTemp(t, dir, "cosign-ed.key", string(kb.PrivateBytes))
	pub := writeTemp(t, dir, "cosign-ed.pub", string(kb.PublicBytes))
	s, err := LoadSigner(ctx, priv, []byte("pw"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := LoadVerifier(ctx, pub, Options{})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, s, v)

	for _, bad := range []string{filepath.Join(dir, "missing.key"), writeTemp(t, dir, "junk", "not a key")} {
		if _, err := LoadSigner(ctx, bad, nil, Options{}); err == nil {
			t.Errorf("signing key %s loaded", bad)
		}
		if _, err := LoadVerifier(ctx, bad, Options{}); err == nil {
			t.Errorf("public key %s loaded", bad)
		}
	}
}

func writeTemp(t *testing.T, dir, name, content string) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A KMS URI signs through sigstore's provider: here HashiCorp Vault's
// transit engine, played by a server on loopback. Its public key,
// exported as PEM, verifies the signature offline, as an auditor does.
func TestKMS(t *testing.T) {
	ctx := context.Background()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	pubPEM, _ := cryptoutils.MarshalPublicKeyToPEM(&key.PublicKey)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply := func(data map[string]any) { _ = json.NewEncoder(w).Encode(map[string]any{"data": data}) }
		var body struct {
			Input     string `json:"input"`
			Signature string `json:"signature"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		digest, _ := base64.StdEncoding.DecodeString(body.Input)
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/v1/transit/keys/paved":
			reply(map[string]any{"latest_version": 1, "keys": map[string]any{"1": map[string]any{"public_key": string(pubPEM), "name": "P-256"}}})
		case r.URL.Path == "/v1/transit/sign/paved/sha2-256":
			sig, _ := ecdsa.SignASN1(rand.Reader, key, digest)
			reply(map[string]any{"signature": "vault:v1:" + base64.StdEncoding.EncodeToString(sig)})
		case r.URL.Path == "/v1/transit/verify/paved/sha2-256":
			sig, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(body.Signature, "vault:v1:"))
			reply(map[string]any{"valid": ecdsa.VerifyASN1(&key.PublicKey, digest, sig)})
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	t.Setenv("VAULT_ADDR", srv.URL)
	t.Setenv("VAULT_TOKEN", "test-token")

	s, err := LoadSigner(ctx, "hashivault://paved", nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := LoadVerifier(ctx, "hashivault://paved", Options{})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, s, v)
	pub := writeTemp(t, t.TempDir(), "kms.pub", string(pubPEM))
	offline, err := LoadVerifier(ctx, pub, Options{})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, s, offline)

	if _, err := LoadSigner(ctx, "hashivault://missing", nil, Options{}); err == nil {
		t.Error("a key the KMS does not hold loaded")
	}
	_, err = LoadSigner(ctx, "nosuchkms://key", nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "hashivault") {
		t.Errorf("an unknown KMS: %v; want the error to list the built-in ones", err)
	}
	// A file that exists is a file, whatever its name looks like.
	t.Chdir(t.TempDir())
	if err := os.MkdirAll("hashivault:", 0o755); err != nil {
		t.Fatal(err)
	}
	writeTemp(t, "hashivault:", "x", string(pubPEM))
	if _, err := LoadVerifier(ctx, "hashivault://x", Options{}); err != nil {
		t.Errorf("a public key file named like a KMS URI: %v", err)
	}
}
