package bundle

import (
	"context"
	"crypto"
	"os"
	"path/filepath"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/evidence/keys"
	"github.com/paved-dev/paved/internal/sigkeys"
	"github.com/sigstore/cosign/v3/pkg/cosign"
	"github.com/sigstore/cosign/v3/pkg/cosign/attestation"
	"github.com/sigstore/cosign/v3/pkg/oci/static"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
)

// cosign's own verification accepts a bundle's attestation: what
// `cosign verify-blob-attestation --key paved.pub --signature
// attestation.json --type https://paved.dev/evidence/v1 manifest.json`
// runs (its cmd package pulls in Kubernetes and cloud SDKs, so the test
// calls the pkg/cosign functions that command calls, with the verifier it
// loads from a key file), for a key made by paved evidence keygen. cosign
// refuses it with another key, or for another blob.
func TestCosignVerifiesAttestation(t *testing.T) {
	ctx := context.Background()
	pair, err := keys.Generate([]byte("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	privPath, pubPath, err := keys.WritePair(dir, pair)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := sigkeys.LoadSigner(ctx, privPath, []byte("s3cret"), sigkeys.Options{PasswordEnv: keys.PasswordEnv})
	if err != nil {
		t.Fatal(err)
	}
	dst := writeTest(t, testRun(t, 0), Options{Signer: signer}, "b")
	env, err := os.ReadFile(filepath.Join(dst, AttestationFile))
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile(filepath.Join(dst, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}

	// As cosign's LoadPublicKeyRaw reads --key with the default sha256.
	pem, _ := os.ReadFile(pubPath)
	pub, err := cryptoutils.UnmarshalPEMToPublicKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	cosignKey, err := signature.LoadVerifier(pub, crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	verify := func(v signature.Verifier, blob []byte) error {
		att, err := static.NewAttestation(env)
		if err != nil {
			t.Fatal(err)
		}
		h := v1.Hash{Algorithm: "sha256", Hex: fileDigest(blob)}
		co := &cosign.CheckOpts{SigVerifier: v, IgnoreTlog: true, IgnoreSCT: true, Offline: true, ClaimVerifier: cosign.IntotoSubjectClaimVerifier}
		_, err = cosign.VerifyBlobAttestation(ctx, att, h, co)
		return err
	}
	if err := verify(cosignKey, manifest); err != nil {
		t.Fatalf("cosign refuses the attestation: %v", err)
	}
	// The predicate type, as --type checks it.
	var st attestation.Statement
	if err := st.UnmarshalJSON(envelopePayload(t, env)); err != nil {
		t.Fatal(err)
	}
	if st.PredicateType != attest.PredicateType {
		t.Errorf("cosign reads the predicate type %q", st.PredicateType)
	}
	if err := verify(otherKey(t), manifest); err == nil {
		t.Error("cosign accepts the attestation with another key")
	}
	if err := verify(cosignKey, append(manifest, ' ')); err == nil {
		t.Error("cosign accepts the attestation for another manifest")
	}
	if _, err := Verify(ctx, dst, VerifyOptions{Verifier: cosignKey}); err != nil {
		t.Errorf("paved refuses it with the same key: %v", err)
	}
}
