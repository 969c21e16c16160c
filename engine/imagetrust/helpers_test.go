package imagetrust

// Test fixtures: an in-process registry on loopback, random images, and
// signatures and attestations made the way cosign makes them, with its own
// packages (classic layout) and sigstore-go's signer (bundles); keyless ones
// with sigstore-go's VirtualSigstore and a trusted_root.json written from it.

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/sigstore/cosign/v3/pkg/cosign"
	cbundle "github.com/sigstore/cosign/v3/pkg/cosign/bundle"
	"github.com/sigstore/cosign/v3/pkg/oci"
	"github.com/sigstore/cosign/v3/pkg/oci/mutate"
	ociremote "github.com/sigstore/cosign/v3/pkg/oci/remote"
	"github.com/sigstore/cosign/v3/pkg/oci/static"
	ctypes "github.com/sigstore/cosign/v3/pkg/types"
	protobundle "github.com/sigstore/protobuf-specs/gen/pb-go/bundle/v1"
	protocommon "github.com/sigstore/protobuf-specs/gen/pb-go/common/v1"
	protodsse "github.com/sigstore/protobuf-specs/gen/pb-go/dsse"
	protorekor "github.com/sigstore/protobuf-specs/gen/pb-go/rekor/v1"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/sign"
	"github.com/sigstore/sigstore-go/pkg/testing/ca"
	"github.com/sigstore/sigstore-go/pkg/tlog"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/sigstore/sigstore/pkg/signature/dsse"
	"github.com/sigstore/sigstore/pkg/signature/payload"
	"google.golang.org/protobuf/encoding/protojson"
)

// testRegistry is go-containerregistry's registry on loopback.
type testRegistry struct {
	*httptest.Server
	requests atomic.Int64
}

func newRegistry(t testing.TB, referrersAPI bool) *testRegistry {
	r := &testRegistry{}
	h := registry.New(registry.Logger(log.New(io.Discard, "", 0)), registry.WithReferrersSupport(referrersAPI))
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.requests.Add(1)
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *testRegistry) host() string { return strings.TrimPrefix(r.URL, "http://") }

// ropts reach the test registry without the docker config.
func ropts() []remote.Option {
	return []remote.Option{remote.WithAuthFromKeychain(authn.NewMultiKeychain())}
}

func oopts() []ociremote.Option { return []ociremote.Option{ociremote.WithRemoteOptions(ropts()...)} }

// pushImage pushes a random image and returns its digest reference.
func pushImage(t testing.TB, r *testRegistry, repo string) name.Digest {
	t.Helper()
	img, err := random.Image(256, 2)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := name.NewTag(r.host() + "/" + repo + ":latest")
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(tag, img, ropts()...); err != nil {
		t.Fatal(err)
	}
	dg, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return tag.Context().Digest(dg.String())
}

// cosignKey is a key pair made by `cosign generate-key-pair`'s code: an
// encrypted private key, loaded back, and cosign.pub written to a file.
type cosignKey struct {
	sv  signature.SignerVerifier
	pub string // cosign.pub's path
}

func newCosignKey(t testing.TB, dir, base string) cosignKey {
	t.Helper()
	g, err := generatedKey(base)()
	if err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(dir, base+".pub")
	if err := os.WriteFile(pub, g.kb.PublicBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	return cosignKey{sv: g.sv, pub: pub}
}

type generated struct {
	kb *cosign.KeysBytes
	sv signature.SignerVerifier
}

// generatedKeys makes each named key pair once per test binary: cosign's
// encryption of the private key (scrypt) is slow on purpose.
var generatedKeys sync.Map // base name → func() (generated, error)

func generatedKey(base string) func() (generated, error) {
	f, _ := generatedKeys.LoadOrStore(base, sync.OnceValues(func() (generated, error) {
		pass := []byte("test-password")
		kb, err := cosign.GenerateKeyPair(func(bool) ([]byte, error) { return pass, nil })
		if err != nil {
			return generated{}, err
		}
		sv, err := cosign.LoadPrivateKey(kb.PrivateBytes, pass, nil)
		return generated{kb, sv}, err
	}))
	return f.(func() (generated, error))
}

// writeClassic attaches a signature or an attestation in cosign's classic
// layout, as `cosign sign --key` (with --new-bundle-format=false) and
// `cosign attest` do.
func writeClassic(t testing.TB, d name.Digest, sig oci.Signature, att bool) {
	t.Helper()
	se, err := ociremote.SignedEntity(d, oopts()...)
	if err != nil {
		t.Fatal(err)
	}
	if att {
		if se, err = mutate.AttachAttestationToEntity(se, sig); err != nil {
			t.Fatal(err)
		}
		err = ociremote.WriteAttestations(d.Repository, se, oopts()...)
	} else {
		if se, err = mutate.AttachSignatureToEntity(se, sig); err != nil {
			t.Fatal(err)
		}
		err = ociremote.WriteSignatures(d.Repository, se, oopts()...)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// classicSignature signs the simple-signing payload naming signed.
func classicSignature(t testing.TB, sv signature.Signer, signed name.Digest) oci.Signature {
	t.Helper()
	pl, err := payload.Cosign{Image: signed}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sv.SignMessage(bytes.NewReader(pl))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := static.NewSignature(pl, base64.StdEncoding.EncodeToString(raw))
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// envelope signs a statement into a DSSE envelope as cosign attest does.
func envelope(t testing.TB, sv signature.Signer, stmt []byte) []byte {
	t.Helper()
	env, err := dsse.WrapSigner(sv, ctypes.IntotoPayloadType).SignMessage(bytes.NewReader(stmt))
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func classicAttestationOf(t testing.TB, env []byte) oci.Signature {
	t.Helper()
	att, err := static.NewAttestation(env)
	if err != nil {
		t.Fatal(err)
	}
	return att
}

// stmt is an in-toto statement about subject.
func stmt(t testing.TB, subject name.Digest, predicateType string, predicate any) []byte {
	t.Helper()
	hexd := strings.TrimPrefix(subject.DigestStr(), "sha256:")
	b, err := json.Marshal(map[string]any{
		"_type":         "https://in-toto.io/Statement/v1",
		"subject":       []any{map[string]any{"name": subject.Context().String(), "digest": map[string]string{"sha256": hexd}}},
		"predicateType": predicateType,
		"predicate":     predicate,
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// keypair lets sigstore-go's bundle signer sign with a cosign key.
type keypair struct{ sv signature.SignerVerifier }

func (k keypair) GetHashAlgorithm() protocommon.HashAlgorithm {
	return protocommon.HashAlgorithm_SHA2_256
}
func (k keypair) GetSigningAlgorithm() protocommon.PublicKeyDetails {
	return protocommon.PublicKeyDetails_PKIX_ECDSA_P256_SHA_256
}
func (k keypair) GetHint() []byte         { return nil }
func (k keypair) GetKeyAlgorithm() string { return "ECDSA" }
func (k keypair) GetPublicKey() crypto.PublicKey {
	p, _ := k.sv.PublicKey()
	return p
}
func (k keypair) GetPublicKeyPem() (string, error) {
	b, err := cryptoutils.MarshalPublicKeyToPEM(k.GetPublicKey())
	return string(b), err
}
func (k keypair) SignData(_ context.Context, data []byte) ([]byte, []byte, error) {
	sum := sha256.Sum256(data)
	sig, err := k.sv.SignMessage(bytes.NewReader(data))
	return sig, sum[:], err
}

// keyBundle signs a statement into a sigstore bundle v0.3 with a key, as
// cosign 3 does with --key (and --tlog-upload=false).
func keyBundle(t testing.TB, sv signature.SignerVerifier, statement []byte) []byte {
	t.Helper()
	pb, err := sign.Bundle(&sign.DSSEData{Data: statement, PayloadType: ctypes.IntotoPayloadType}, keypair{sv}, sign.BundleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := protojson.Marshal(pb)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// attachBundle attaches a bundle as cosign 3 does: an OCI 1.1 referrer (or
// the referrers tag where the registry lacks the API).
func attachBundle(t testing.TB, d name.Digest, bundle []byte, predicateType string) {
	t.Helper()
	if err := ociremote.WriteAttestationNewBundleFormat(d, bundle, predicateType, oopts()...); err != nil {
		t.Fatal(err)
	}
}

// virtualSigstore is a Fulcio, Rekor and TSA in memory, and the
// trusted_root.json that trusts them.
type virtualSigstore struct {
	vs       *ca.VirtualSigstore
	rootPath string
}

const (
	testIssuer  = "https://token.actions.githubusercontent.com"
	testSubject = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.4.0"
)

// newVirtualSigstore writes the trusted root: its Fulcio CA and Rekor log,
// and, with withCT, its CT log (whose SCTs the virtual Fulcio never embeds).
func newVirtualSigstore(t testing.TB, dir string, withCT bool) *virtualSigstore {
	t.Helper()
	vs, err := ca.NewVirtualSigstore()
	if err != nil {
		t.Fatal(err)
	}
	var ct map[string]*root.TransparencyLog
	if withCT {
		ct = rawLogIDs(t, vs.CTLogs())
	}
	tr, err := root.NewTrustedRoot(root.TrustedRootMediaType01, vs.FulcioCertificateAuthorities(), ct, nil, rawLogIDs(t, vs.RekorLogs()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := tr.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "trusted_root.json")
	if withCT {
		p = filepath.Join(dir, "trusted_root_ct.json")
	}
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return &virtualSigstore{vs: vs, rootPath: p}
}

// rawLogIDs gives the virtual logs their IDs as a trusted root holds them:
// the key's SHA-256 itself, where VirtualSigstore keeps its hex string.
func rawLogIDs(t testing.TB, logs map[string]*root.TransparencyLog) map[string]*root.TransparencyLog {
	out := map[string]*root.TransparencyLog{}
	for id, l := range logs {
		raw, err := hex.DecodeString(id)
		if err != nil {
			t.Fatal(err)
		}
		c := *l
		c.ID = raw
		out[id] = &c
	}
	return out
}

// set is the entry with its signed entry timestamp (SET), which
// the virtual Rekor signs over the entry as Rekor does.
func (v *virtualSigstore) set(t testing.TB, tle *protorekor.TransparencyLogEntry) []byte {
	t.Helper()
	set, err := v.vs.RekorSignPayload(tlog.RekorPayload{
		Body:           base64.StdEncoding.EncodeToString(tle.CanonicalizedBody),
		IntegratedTime: tle.IntegratedTime,
		LogIndex:       tle.LogIndex,
		LogID:          hex.EncodeToString(tle.LogId.KeyId),
	})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// keylessClassic is a keyless classic signature: the short-lived
// certificate and the Rekor bundle (hashedrekord entry and SET) in the
// layer's annotations, as `cosign sign` without a key writes them.
func (v *virtualSigstore) keylessClassic(t testing.TB, subject string, signed name.Digest) oci.Signature {
	t.Helper()
	pl, err := payload.Cosign{Image: signed}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	ent, err := v.vs.Sign(subject, testIssuer, pl)
	if err != nil {
		t.Fatal(err)
	}
	vc, _ := ent.VerificationContent()
	sc, _ := ent.SignatureContent()
	entries, _ := ent.TlogEntries()
	tle := entries[0].TransparencyLogEntry()
	certPEM, err := cryptoutils.MarshalCertificateToPEM(vc.Certificate())
	if err != nil {
		t.Fatal(err)
	}
	rb := &cbundle.RekorBundle{
		SignedEntryTimestamp: v.set(t, tle),
		Payload: cbundle.RekorPayload{
			Body:           base64.StdEncoding.EncodeToString(tle.CanonicalizedBody),
			IntegratedTime: tle.IntegratedTime,
			LogIndex:       tle.LogIndex,
			LogID:          hex.EncodeToString(tle.LogId.KeyId),
		},
	}
	sig, err := static.NewSignature(pl, base64.StdEncoding.EncodeToString(sc.MessageSignatureContent().Signature()),
		static.WithCertChain(certPEM, nil), static.WithBundle(rb))
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// keylessBundle is a keyless bundle v0.3 of a statement: the certificate,
// the DSSE envelope, and a Rekor dsse entry with its inclusion proof and
// SET.
func (v *virtualSigstore) keylessBundle(t testing.TB, subject string, statement []byte) []byte {
	t.Helper()
	ent, err := v.vs.AttestAtTime(subject, testIssuer, statement, time.Now().Add(5*time.Minute), true)
	if err != nil {
		t.Fatal(err)
	}
	vc, _ := ent.VerificationContent()
	sc, _ := ent.SignatureContent()
	env := sc.EnvelopeContent().RawEnvelope()
	entries, _ := ent.TlogEntries()
	tle := entries[0].TransparencyLogEntry()
	tle.KindVersion = &protorekor.KindVersion{Kind: "dsse", Version: "0.0.1"}
	tle.InclusionPromise = &protorekor.InclusionPromise{SignedEntryTimestamp: v.set(t, tle)}
	pl, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		t.Fatal(err)
	}
	var sigs []*protodsse.Signature
	for _, s := range env.Signatures {
		raw, err := base64.StdEncoding.DecodeString(s.Sig)
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, &protodsse.Signature{Sig: raw, Keyid: s.KeyID})
	}
	pb := &protobundle.Bundle{
		MediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
		VerificationMaterial: &protobundle.VerificationMaterial{
			Content: &protobundle.VerificationMaterial_Certificate{
				Certificate: &protocommon.X509Certificate{RawBytes: vc.Certificate().Raw},
			},
			TlogEntries: []*protorekor.TransparencyLogEntry{tle},
		},
		Content: &protobundle.Bundle_DsseEnvelope{DsseEnvelope: &protodsse.Envelope{
			Payload: pl, PayloadType: env.PayloadType, Signatures: sigs,
		}},
	}
	b, err := protojson.Marshal(pb)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Predicates as the usual generators write them.

func slsaV1Predicate() map[string]any {
	return map[string]any{
		"buildDefinition": map[string]any{
			"buildType": "https://actions.github.io/buildtypes/workflow/v1",
			"externalParameters": map[string]any{"workflow": map[string]any{
				"ref": "refs/tags/v1.4.0", "repository": "https://github.com/acme/app", "path": ".github/workflows/release.yml"}},
			"resolvedDependencies": []any{map[string]any{
				"uri": "git+https://github.com/acme/app@refs/tags/v1.4.0", "digest": map[string]any{"gitCommit": "0123456789abcdef0123456789abcdef01234567"}}},
		},
		"runDetails": map[string]any{"builder": map[string]any{"id": "https://github.com/actions/runner/github-hosted"}},
	}
}

func slsaV02Predicate() map[string]any {
	return map[string]any{
		"builder":   map[string]any{"id": "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.1.0"},
		"buildType": "https://github.com/slsa-framework/slsa-github-generator/container@v1",
		"invocation": map[string]any{"configSource": map[string]any{
			"uri": "git+https://github.com/acme/app@refs/tags/v1.4.0", "digest": map[string]any{"sha1": "0123456789abcdef0123456789abcdef01234567"}, "entryPoint": ".github/workflows/release.yml"}},
	}
}

func cyclonedxPredicate() map[string]any {
	return map[string]any{
		"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
		"components": []any{
			map[string]any{"type": "library", "name": "openssl", "version": "3.0.13", "purl": "pkg:deb/debian/openssl@3.0.13"},
			map[string]any{"type": "library", "name": "zlib", "version": "1.2.13", "components": []any{map[string]any{"type": "file", "name": "libz.so"}}},
		},
	}
}

func spdxPredicate() map[string]any {
	return map[string]any{
		"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "app",
		"packages": []any{map[string]any{"SPDXID": "SPDXRef-a", "name": "a"}, map[string]any{"SPDXID": "SPDXRef-b", "name": "b"}, map[string]any{"SPDXID": "SPDXRef-c", "name": "c"}},
	}
}
