// Package imagetrusttest is for tests only: it serves go-containerregistry's
// registry on loopback, pushes images to it, and signs and attests them the
// way cosign does, with cosign's own packages (key pairs, the classic
// .sig and .att tags, bundle referrers) and sigstore-go's signer (bundles);
// keyless ones with sigstore-go's VirtualSigstore (a Fulcio, Rekor and
// timestamp authority in memory) and a trusted_root.json written from it.
// Everything is offline: no Rekor, Fulcio or TUF repository is contacted.
//
// engine/imagetrust's tests and the tests of what judges images
// (engine/check) share it, so that both verify what cosign itself makes.
package imagetrusttest

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
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	ssldsse "github.com/secure-systems-lab/go-securesystemslib/dsse"
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

// Predicate types of the statements made here.
const (
	SignType      = ctypes.CosignSignPredicateType // what cosign 3 signs an image with, in a bundle
	SLSAv1Type    = "https://slsa.dev/provenance/v1"
	SLSAv02Type   = "https://slsa.dev/provenance/v0.2"
	CycloneDXType = "https://cyclonedx.org/bom"
	SPDXType      = "https://spdx.dev/Document"
)

// The keyless signer the virtual Fulcio certifies by default: a GitHub
// Actions release workflow.
const (
	Issuer  = "https://token.actions.githubusercontent.com"
	Subject = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.4.0"
)

// Registry is go-containerregistry's registry on loopback, counting the
// requests it serves.
type Registry struct {
	*httptest.Server
	Requests atomic.Int64
}

// NewRegistry serves a registry until the test ends: with the OCI 1.1
// referrers API, or without it, where bundles go under the referrers tag
// schema's sha256-<hex> tag.
func NewRegistry(t testing.TB, referrersAPI bool) *Registry {
	r := &Registry{}
	h := registry.New(registry.Logger(log.New(io.Discard, "", 0)), registry.WithReferrersSupport(referrersAPI))
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.Requests.Add(1)
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

// Host is the registry's HOST:PORT.
func (r *Registry) Host() string { return strings.TrimPrefix(r.URL, "http://") }

// RemoteOptions reach a test registry anonymously, without the docker
// config of whoever runs the tests.
func RemoteOptions() []remote.Option {
	return []remote.Option{remote.WithAuthFromKeychain(authn.NewMultiKeychain())}
}

func ociOptions() []ociremote.Option {
	return []ociremote.Option{ociremote.WithRemoteOptions(RemoteOptions()...)}
}

// Push pushes img as repo:tag and returns its digest reference.
func (r *Registry) Push(t testing.TB, repo, tag string, img v1.Image) name.Digest {
	t.Helper()
	ref, err := name.NewTag(r.Host() + "/" + repo + ":" + tag)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(ref, img, RemoteOptions()...); err != nil {
		t.Fatal(err)
	}
	dg, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return ref.Context().Digest(dg.String())
}

// PushRandom pushes a random image as repo:latest.
func (r *Registry) PushRandom(t testing.TB, repo string) name.Digest {
	t.Helper()
	img, err := random.Image(256, 2)
	if err != nil {
		t.Fatal(err)
	}
	return r.Push(t, repo, "latest", img)
}

// Key is a key pair made by `cosign generate-key-pair`'s code: an
// encrypted private key, loaded back, and cosign.pub written to a file.
type Key struct {
	Signer signature.SignerVerifier
	Pub    string // cosign.pub's path, as --trusted-key names it
}

// NewKey writes dir/base.pub. Each base name is one key pair per test
// binary: cosign encrypts the private key with scrypt, slow on purpose.
func NewKey(t testing.TB, dir, base string) Key {
	t.Helper()
	g, err := generatedKey(base)()
	if err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(dir, base+".pub")
	if err := os.WriteFile(pub, g.kb.PublicBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	return Key{Signer: g.sv, Pub: pub}
}

// NewKeys is NewKey for several base names, their key pairs made side
// by side.
func NewKeys(t testing.TB, dir string, bases ...string) []Key {
	t.Helper()
	var wg sync.WaitGroup
	for _, b := range bases {
		wg.Go(func() { _, _ = generatedKey(b)() }) // errors are NewKey's to report
	}
	wg.Wait()
	keys := make([]Key, len(bases))
	for i, b := range bases {
		keys[i] = NewKey(t, dir, b)
	}
	return keys
}

type generated struct {
	kb *cosign.KeysBytes
	sv signature.SignerVerifier
}

// generatedKeys holds the key pairs made so far, by base name.
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

// Signature signs the simple-signing payload naming signed, as `cosign
// sign --key` with --new-bundle-format=false does.
func (k Key) Signature(t testing.TB, signed name.Digest) oci.Signature {
	t.Helper()
	pl, err := payload.Cosign{Image: signed}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := k.Signer.SignMessage(bytes.NewReader(pl))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := static.NewSignature(pl, base64.StdEncoding.EncodeToString(raw))
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// Envelope signs a statement into a DSSE envelope, as `cosign attest
// --key` does.
func (k Key) Envelope(t testing.TB, statement []byte) []byte {
	t.Helper()
	env, err := dsse.WrapSigner(k.Signer, ctypes.IntotoPayloadType).SignMessage(bytes.NewReader(statement))
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// Bundle signs a statement into a sigstore bundle v0.3, as cosign 3 does
// with --key (and --tlog-upload=false).
func (k Key) Bundle(t testing.TB, statement []byte) []byte {
	t.Helper()
	pb, err := sign.Bundle(&sign.DSSEData{Data: statement, PayloadType: ctypes.IntotoPayloadType}, keypair{k.Signer}, sign.BundleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := protojson.Marshal(pb)
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

// Statement is an in-toto statement about subject.
func Statement(t testing.TB, subject name.Digest, predicateType string, predicate any) []byte {
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

// Attestation is a DSSE envelope as a layer of cosign's .att tag.
func Attestation(t testing.TB, envelope []byte) oci.Signature {
	t.Helper()
	att, err := static.NewAttestation(envelope)
	if err != nil {
		t.Fatal(err)
	}
	return att
}

// AttachSignature adds sig to the image's sha256-<hex>.sig tag, as `cosign
// sign` does in its classic layout.
func AttachSignature(t testing.TB, d name.Digest, sig oci.Signature) {
	t.Helper()
	attach(t, d, sig, false)
}

// AttachAttestation adds att to the image's sha256-<hex>.att tag, as
// `cosign attest` does in its classic layout.
func AttachAttestation(t testing.TB, d name.Digest, att oci.Signature) {
	t.Helper()
	attach(t, d, att, true)
}

func attach(t testing.TB, d name.Digest, sig oci.Signature, att bool) {
	t.Helper()
	se, err := ociremote.SignedEntity(d, ociOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	if att {
		if se, err = mutate.AttachAttestationToEntity(se, sig); err != nil {
			t.Fatal(err)
		}
		err = ociremote.WriteAttestations(d.Repository, se, ociOptions()...)
	} else {
		if se, err = mutate.AttachSignatureToEntity(se, sig); err != nil {
			t.Fatal(err)
		}
		err = ociremote.WriteSignatures(d.Repository, se, ociOptions()...)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// AttachBundle attaches a bundle as cosign 3 does: an OCI 1.1 referrer (or
// the referrers tag where the registry lacks the API).
func AttachBundle(t testing.TB, d name.Digest, bundle []byte, predicateType string) {
	t.Helper()
	if err := ociremote.WriteAttestationNewBundleFormat(d, bundle, predicateType, ociOptions()...); err != nil {
		t.Fatal(err)
	}
}

// Forgeries: what an attacker who can push to the registry attaches.

// ForgedEnvelope is a DSSE envelope of a statement with the signatures
// given, which nobody made (none: an unsigned envelope).
func ForgedEnvelope(t testing.TB, statement []byte, sigs ...ssldsse.Signature) []byte {
	t.Helper()
	if sigs == nil {
		sigs = []ssldsse.Signature{}
	}
	b, err := json.Marshal(ssldsse.Envelope{PayloadType: ctypes.IntotoPayloadType, Payload: base64.StdEncoding.EncodeToString(statement), Signatures: sigs})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TamperEnvelope changes a signed DSSE envelope's payload, keeping its
// signatures.
func TamperEnvelope(t testing.TB, envelope []byte, change func(statement []byte) []byte) []byte {
	t.Helper()
	var e ssldsse.Envelope
	if err := json.Unmarshal(envelope, &e); err != nil {
		t.Fatal(err)
	}
	p, err := base64.StdEncoding.DecodeString(e.Payload)
	if err != nil {
		t.Fatal(err)
	}
	e.Payload = base64.StdEncoding.EncodeToString(change(p))
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ForgeBundle changes a bundle's envelope after signing.
func ForgeBundle(t testing.TB, bundle []byte, forge func(*protodsse.Envelope)) []byte {
	t.Helper()
	var pb protobundle.Bundle
	if err := protojson.Unmarshal(bundle, &pb); err != nil {
		t.Fatal(err)
	}
	forge(pb.GetDsseEnvelope())
	out, err := protojson.Marshal(&pb)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Sigstore is a Fulcio, Rekor and TSA in memory, and the trusted_root.json
// that trusts them.
type Sigstore struct {
	*ca.VirtualSigstore
	Root string // trusted_root.json's path, as --trusted-root names it
}

// NewSigstore writes dir/trusted_root.json: its Fulcio CA and Rekor log,
// and, with withCT, its CT log (whose SCTs the virtual Fulcio never
// embeds), then in dir/trusted_root_ct.json.
func NewSigstore(t testing.TB, dir string, withCT bool) *Sigstore {
	t.Helper()
	vs, err := ca.NewVirtualSigstore()
	if err != nil {
		t.Fatal(err)
	}
	s := &Sigstore{VirtualSigstore: vs, Root: filepath.Join(dir, "trusted_root.json")}
	if withCT {
		s.Root = filepath.Join(dir, "trusted_root_ct.json")
	}
	WriteTrustedRoot(t, s.Root, s, s, withCT)
	return s
}

// WriteTrustedRoot writes a trusted_root.json to path that trusts the
// certificate authorities of cas and the transparency logs of logs (and,
// withCT, their CT logs).
func WriteTrustedRoot(t testing.TB, path string, cas, logs *Sigstore, withCT bool) {
	t.Helper()
	var ct map[string]*root.TransparencyLog
	if withCT {
		ct = rawLogIDs(t, logs.CTLogs())
	}
	tr, err := root.NewTrustedRoot(root.TrustedRootMediaType01, cas.FulcioCertificateAuthorities(), ct, nil, rawLogIDs(t, logs.RekorLogs()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := tr.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
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

// set is the entry's signed entry timestamp (SET), which the virtual Rekor
// signs over the entry as Rekor does.
func (s *Sigstore) set(t testing.TB, tle *protorekor.TransparencyLogEntry) []byte {
	t.Helper()
	set, err := s.RekorSignPayload(tlog.RekorPayload{
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

// Signature is a keyless classic signature of signed by subject (issued
// for Issuer): the short-lived certificate and the Rekor bundle
// (hashedrekord entry and SET) in the layer's annotations, as `cosign
// sign` without a key writes them.
func (s *Sigstore) Signature(t testing.TB, subject string, signed name.Digest) oci.Signature {
	t.Helper()
	pl, err := payload.Cosign{Image: signed}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	ent, err := s.Sign(subject, Issuer, pl)
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
		SignedEntryTimestamp: s.set(t, tle),
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

// Bundle is a keyless bundle v0.3 of a statement by subject (issued for
// Issuer): the certificate, the DSSE envelope, and a Rekor dsse entry with
// its inclusion proof and SET.
func (s *Sigstore) Bundle(t testing.TB, subject string, statement []byte) []byte {
	t.Helper()
	ent, err := s.AttestAtTime(subject, Issuer, statement, time.Now().Add(5*time.Minute), true)
	if err != nil {
		t.Fatal(err)
	}
	vc, _ := ent.VerificationContent()
	sc, _ := ent.SignatureContent()
	env := sc.EnvelopeContent().RawEnvelope()
	entries, _ := ent.TlogEntries()
	tle := entries[0].TransparencyLogEntry()
	tle.KindVersion = &protorekor.KindVersion{Kind: "dsse", Version: "0.0.1"}
	tle.InclusionPromise = &protorekor.InclusionPromise{SignedEntryTimestamp: s.set(t, tle)}
	pl, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		t.Fatal(err)
	}
	var sigs []*protodsse.Signature
	for _, sg := range env.Signatures {
		raw, err := base64.StdEncoding.DecodeString(sg.Sig)
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, &protodsse.Signature{Sig: raw, Keyid: sg.KeyID})
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

// SLSAv1 is GitHub's build provenance (attest-build-provenance) of
// github.com/acme/app at v1.4.0.
func SLSAv1() map[string]any {
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

// SLSAv02 is slsa-github-generator's container provenance of
// github.com/acme/app at v1.4.0.
func SLSAv02() map[string]any {
	return map[string]any{
		"builder":   map[string]any{"id": "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.1.0"},
		"buildType": "https://github.com/slsa-framework/slsa-github-generator/container@v1",
		"invocation": map[string]any{"configSource": map[string]any{
			"uri": "git+https://github.com/acme/app@refs/tags/v1.4.0", "digest": map[string]any{"sha1": "0123456789abcdef0123456789abcdef01234567"}, "entryPoint": ".github/workflows/release.yml"}},
	}
}

// CycloneDX is a CycloneDX 1.5 SBOM of three components, one nested, one
// (the nested file) without a version.
func CycloneDX() map[string]any {
	return map[string]any{
		"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
		"components": []any{
			map[string]any{"type": "library", "name": "openssl", "version": "3.0.13", "purl": "pkg:deb/debian/openssl@3.0.13"},
			map[string]any{"type": "library", "name": "zlib", "version": "1.2.13", "components": []any{map[string]any{"type": "file", "name": "libz.so"}}},
		},
	}
}

// SPDX is an SPDX 2.3 SBOM of three packages.
func SPDX() map[string]any {
	return map[string]any{
		"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "app",
		"packages": []any{map[string]any{"SPDXID": "SPDXRef-a", "name": "a"}, map[string]any{"SPDXID": "SPDXRef-b", "name": "b"}, map[string]any{"SPDXID": "SPDXRef-c", "name": "c"}},
	}
}
