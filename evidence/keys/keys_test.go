package keys

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/sigkeys"
	"github.com/sigstore/cosign/v3/pkg/cosign"
)

// A key pair from Generate is cosign's (LoadSigner reads it with cosign's
// own LoadPrivateKey): WritePair writes it without ever overwriting, the
// private half readable by its owner only; it signs with its password
// (empty too) and not with another.
func TestGenerate(t *testing.T) {
	ctx := context.Background()
	for _, pw := range []string{"s3cret", ""} {
		dir := filepath.Join(t.TempDir(), "keys")
		pair, err := Generate([]byte(pw))
		if err != nil {
			t.Fatal(err)
		}
		priv, pub, err := WritePair(dir, pair)
		if err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(priv); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", priv, fi.Mode().Perm())
		}
		if !bytes.Contains(pair.Private, []byte(cosign.SigstorePrivateKeyPemType)) {
			t.Errorf("not cosign's encrypted format:\n%s", pair.Private)
		}
		s, err := sigkeys.LoadSigner(ctx, priv, []byte(pw), sigkeys.Options{PasswordEnv: PasswordEnv})
		if err != nil {
			t.Fatal(err)
		}
		v, err := sigkeys.LoadVerifier(ctx, pub, sigkeys.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if sig, err := s.SignMessage(strings.NewReader("evidence")); err != nil {
			t.Fatal(err)
		} else if err := v.VerifySignature(bytes.NewReader(sig), strings.NewReader("evidence")); err != nil {
			t.Fatalf("the pair's public half does not verify its private half's signature: %v", err)
		}
		if _, _, err := WritePair(dir, pair); err == nil || !strings.Contains(err.Error(), "never overwritten") {
			t.Errorf("writing the pair again: %v", err)
		}
		if pw == "" {
			continue // a wrong password is tried once
		}
		if _, err := sigkeys.LoadSigner(ctx, priv, []byte("wrong"), sigkeys.Options{PasswordEnv: PasswordEnv}); err == nil || !strings.Contains(err.Error(), PasswordEnv) {
			t.Errorf("a wrong password: %v; want an error naming %s", err, PasswordEnv)
		}
	}
}
