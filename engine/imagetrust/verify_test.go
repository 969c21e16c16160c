package imagetrust

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
	protodsse "github.com/sigstore/protobuf-specs/gen/pb-go/dsse"
	"github.com/sigstore/sigstore-go/pkg/fulcio/certificate"

	itt "github.com/paved-dev/paved/engine/imagetrust/imagetrusttest"
)

// verifier makes a Verifier or fails the test.
func verifier(t testing.TB, o Options) *Verifier {
	t.Helper()
	v, err := New(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// check verifies d and re-reads the parts through JSON, as Rego sees them.
func check(t testing.TB, v *Verifier, d name.Digest) (sigDoc, []attDoc) {
	t.Helper()
	s, a, _ := checkSBOMs(t, v, d)
	return s, a
}

// checkSBOMs is check with the verified SBOMs found.
func checkSBOMs(t testing.TB, v *Verifier, d name.Digest) (sigDoc, []attDoc, []SBOM) {
	t.Helper()
	r := v.Verify(context.Background(), d, itt.RemoteOptions()...)
	var s sigDoc
	var a []attDoc
	roundTrip(t, r.Signatures, &s)
	roundTrip(t, r.Attestations, &a)
	return s, a, r.SBOMs
}

func roundTrip(t testing.TB, in, out any) {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
}

type signerDoc struct {
	Key     string `json:"key"`
	Issuer  string `json:"issuer"`
	Subject string `json:"subject"`
}

type sigDoc struct {
	Checked        bool   `json:"checked"`
	Error          string `json:"error"`
	TrustedSigners int    `json:"trusted_signers"`
	Found          []struct {
		Format   string    `json:"format"`
		Digest   string    `json:"digest"`
		Verified bool      `json:"verified"`
		Signer   signerDoc `json:"signer"`
		Error    string    `json:"error"`
	} `json:"found"`
}

type attDoc struct {
	Format         string         `json:"format"`
	Digest         string         `json:"digest"`
	PredicateType  string         `json:"predicate_type"`
	Verified       bool           `json:"verified"`
	SubjectMatches bool           `json:"subject_matches"`
	Signer         signerDoc      `json:"signer"`
	Error          string         `json:"error"`
	SLSA           map[string]any `json:"slsa"`
	SBOM           map[string]any `json:"sbom"`
	Vuln           map[string]any `json:"vuln"`
}

func mustContain(t testing.TB, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: %q does not say %q", what, got, w)
		}
	}
}

// Both registry flavours: with the referrers API, and without it, where
// bundles live under the referrers tag schema's sha256-<hex> tag.
func eachRegistry(t *testing.T, f func(t *testing.T, r *itt.Registry)) {
	for _, api := range []bool{true, false} {
		name := "referrers-api"
		if !api {
			name = "referrers-tag"
		}
		t.Run(name, func(t *testing.T) { f(t, itt.NewRegistry(t, api)) })
	}
}

func TestTrustedKeyClassic(t *testing.T) {
	r := itt.NewRegistry(t, true)
	dir := t.TempDir()
	k := itt.NewKey(t, dir, "cosign")
	d := r.PushRandom(t, "acme/app")
	itt.AttachSignature(t, d, k.Signature(t, d))
	itt.AttachAttestation(t, d, itt.Attestation(t, k.Envelope(t, itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1()))))
	itt.AttachAttestation(t, d, itt.Attestation(t, k.Envelope(t, itt.Statement(t, d, itt.CycloneDXType, itt.CycloneDX()))))

	v := verifier(t, Options{Keys: []string{k.Pub}})
	s, atts, sboms := checkSBOMs(t, v, d)
	if !s.Checked || s.Error != "" || s.TrustedSigners != 1 || len(s.Found) != 1 {
		t.Fatalf("signatures %+v", s)
	}
	f := s.Found[0]
	if f.Format != "cosign" || f.Digest != d.DigestStr() || !f.Verified || f.Signer.Key != k.Pub || f.Error != "" {
		t.Fatalf("signature %+v", f)
	}
	if len(atts) != 2 {
		t.Fatalf("attestations %+v", atts)
	}
	for _, a := range atts {
		if a.Format != "cosign" || a.Digest != d.DigestStr() || !a.Verified || !a.SubjectMatches || a.Signer.Key != k.Pub || a.Error != "" {
			t.Errorf("attestation %+v", a)
		}
	}
	wantSLSA := map[string]any{
		"builder_id": "https://github.com/actions/runner/github-hosted", "build_type": "https://actions.github.io/buildtypes/workflow/v1",
		"source_repo": "git+https://github.com/acme/app", "source_ref": "refs/tags/v1.4.0", "source_digest": "gitCommit:0123456789abcdef0123456789abcdef01234567",
	}
	if atts[0].PredicateType != itt.SLSAv1Type || !reflect.DeepEqual(atts[0].SLSA, wantSLSA) || atts[0].SBOM != nil {
		t.Errorf("provenance %+v", atts[0])
	}
	if atts[1].PredicateType != itt.CycloneDXType || atts[1].SLSA != nil || !reflect.DeepEqual(atts[1].SBOM, map[string]any{"format": "cyclonedx", "components": 3.0}) {
		t.Errorf("sbom %+v", atts[1])
	}
	if len(sboms) != 1 || sboms[0].Format != "cyclonedx" || !strings.Contains(string(sboms[0].Document), `"openssl"`) {
		t.Fatalf("SBOMs %+v", sboms)
	}
}

func TestUnsigned(t *testing.T) {
	eachRegistry(t, func(t *testing.T, r *itt.Registry) {
		k := itt.NewKey(t, t.TempDir(), "cosign")
		d := r.PushRandom(t, "acme/app")
		s, atts := check(t, verifier(t, Options{Keys: []string{k.Pub}}), d)
		if !s.Checked || s.Error != "" || len(s.Found) != 0 || len(atts) != 0 {
			t.Fatalf("unsigned image: %+v %+v", s, atts)
		}
	})
}

func TestNoSignerTrusted(t *testing.T) {
	r := itt.NewRegistry(t, true)
	k := itt.NewKey(t, t.TempDir(), "cosign")
	d := r.PushRandom(t, "acme/app")
	itt.AttachSignature(t, d, k.Signature(t, d))
	itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1())), itt.SLSAv1Type)

	s, atts := check(t, verifier(t, Options{}), d)
	if !s.Checked || s.TrustedSigners != 0 || len(s.Found) != 1 || s.Found[0].Verified || s.Found[0].Error != ErrNoSigner {
		t.Fatalf("signatures %+v", s)
	}
	if len(atts) != 1 || atts[0].Verified || atts[0].SubjectMatches || atts[0].Error != ErrNoSigner || atts[0].PredicateType != itt.SLSAv1Type || atts[0].SLSA != nil {
		t.Fatalf("attestations %+v", atts)
	}
}

func TestWrongKey(t *testing.T) {
	eachRegistry(t, func(t *testing.T, r *itt.Registry) {
		dir := t.TempDir()
		keys := itt.NewKeys(t, dir, "cosign", "other")
		k, other := keys[0], keys[1]
		d := r.PushRandom(t, "acme/app")
		itt.AttachSignature(t, d, k.Signature(t, d))
		itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1())), itt.SLSAv1Type)

		s, atts := check(t, verifier(t, Options{Keys: []string{other.Pub}}), d)
		if len(s.Found) != 1 || s.Found[0].Verified || s.Found[0].Signer != (signerDoc{}) {
			t.Fatalf("signatures %+v", s)
		}
		mustContain(t, "wrong key", s.Found[0].Error, "no trusted signer verifies it", other.Pub)
		if len(atts) != 1 || atts[0].Verified || atts[0].SubjectMatches || atts[0].Format != "bundle" {
			t.Fatalf("attestations %+v", atts)
		}
		mustContain(t, "wrong key, bundle", atts[0].Error, "no trusted signer verifies it", other.Pub)
	})
}

// A signature copied from another image's tag (or an image changed after
// signing) verifies with the key but covers another digest.
func TestTamperedManifest(t *testing.T) {
	r := itt.NewRegistry(t, true)
	k := itt.NewKey(t, t.TempDir(), "cosign")
	signed, other := r.PushRandom(t, "acme/app"), r.PushRandom(t, "acme/app")
	itt.AttachSignature(t, other, k.Signature(t, signed))
	itt.AttachBundle(t, other, k.Bundle(t, itt.Statement(t, signed, itt.SignType, map[string]any{})), itt.SignType)

	s, _ := check(t, verifier(t, Options{Keys: []string{k.Pub}}), other)
	if len(s.Found) != 2 {
		t.Fatalf("signatures %+v", s)
	}
	for _, f := range s.Found {
		if f.Verified {
			t.Fatalf("a signature over %s verified %s: %+v", signed, other, f)
		}
		mustContain(t, f.Format, f.Error, "signed by key "+k.Pub, signed.DigestStr(), "not this image's "+other.DigestStr())
	}
}

func TestAttestationAttacks(t *testing.T) {
	eachRegistry(t, func(t *testing.T, r *itt.Registry) {
		dir := t.TempDir()
		keys := itt.NewKeys(t, dir, "cosign", "attacker")
		k, attacker := keys[0], keys[1]
		v := verifier(t, Options{Keys: []string{k.Pub}})

		t.Run("tampered payload", func(t *testing.T) {
			d := r.PushRandom(t, "acme/tampered")
			env := k.Envelope(t, itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1()))
			forged := itt.TamperEnvelope(t, env, func(p []byte) []byte {
				return []byte(strings.Replace(string(p), "github-hosted", "self-hosted-by-attacker", 1))
			})
			itt.AttachAttestation(t, d, itt.Attestation(t, forged))
			_, atts := check(t, v, d)
			if len(atts) != 1 || atts[0].Verified || atts[0].SubjectMatches || atts[0].SLSA != nil {
				t.Fatalf("tampered attestation counted: %+v", atts)
			}
			mustContain(t, "tampered", atts[0].Error, "no trusted signer verifies it")
		})

		t.Run("forged envelope", func(t *testing.T) {
			d := r.PushRandom(t, "acme/forged")
			st := itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1())
			itt.AttachAttestation(t, d, itt.Attestation(t, itt.ForgedEnvelope(t, st)))
			itt.AttachAttestation(t, d, itt.Attestation(t, itt.ForgedEnvelope(t, st, dsse.Signature{Sig: base64.StdEncoding.EncodeToString([]byte("not a signature"))})))
			// DSSE envelopes as referrers that no trusted key signed: the
			// admission controller bug the issue names. Unsigned, a
			// garbage signature, and the trusted key's signature over
			// another payload.
			for _, forge := range []func(e *protodsse.Envelope){
				func(e *protodsse.Envelope) { e.Signatures = nil },
				func(e *protodsse.Envelope) { e.Signatures[0].Sig = []byte("not a signature") },
				func(e *protodsse.Envelope) {
					e.Payload = []byte(strings.Replace(string(e.Payload), "github-hosted", "attacker", 1))
				},
			} {
				itt.AttachBundle(t, d, itt.ForgeBundle(t, k.Bundle(t, st), forge), itt.SLSAv1Type)
			}
			_, atts := check(t, v, d)
			if len(atts) != 5 {
				t.Fatalf("attestations %+v", atts)
			}
			for _, a := range atts {
				if a.Verified || a.SubjectMatches || a.SLSA != nil || a.Error == "" {
					t.Errorf("forged envelope counted: %+v", a)
				}
				t.Log(a.Format, a.Error)
			}
		})

		t.Run("re-signed by an untrusted key", func(t *testing.T) {
			d := r.PushRandom(t, "acme/resigned")
			st := itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1())
			itt.AttachAttestation(t, d, itt.Attestation(t, attacker.Envelope(t, st)))
			itt.AttachBundle(t, d, attacker.Bundle(t, st), itt.SLSAv1Type)
			_, atts := check(t, v, d)
			if len(atts) != 2 {
				t.Fatalf("attestations %+v", atts)
			}
			for _, a := range atts {
				if a.Verified || a.SubjectMatches || a.SLSA != nil {
					t.Errorf("re-signed attestation counted: %+v", a)
				}
				mustContain(t, a.Format, a.Error, "no trusted signer verifies it", k.Pub)
			}
		})

		t.Run("subject swapped", func(t *testing.T) {
			d, other := r.PushRandom(t, "acme/swapped"), r.PushRandom(t, "acme/swapped")
			st := itt.Statement(t, other, itt.SLSAv1Type, itt.SLSAv1())
			itt.AttachAttestation(t, d, itt.Attestation(t, k.Envelope(t, st)))
			itt.AttachBundle(t, d, k.Bundle(t, st), itt.SLSAv1Type)
			_, atts, sboms := checkSBOMs(t, v, d)
			if len(atts) != 2 {
				t.Fatalf("attestations %+v", atts)
			}
			for _, a := range atts {
				if !a.Verified || a.SubjectMatches || a.SLSA != nil || a.Signer.Key != k.Pub {
					t.Errorf("subject-swapped attestation: %+v", a)
				}
				mustContain(t, a.Format, a.Error, "its subject is "+other.DigestStr(), "not this image's "+d.DigestStr())
			}
			if sboms != nil {
				t.Error("SBOMs from an attestation about another image")
			}
		})
	})
}

// cosign 3 signs as a bundle referrer; older cosign (and
// --new-bundle-format=false) in the .sig tag. An image may have both.
func TestBundleAndClassicBothFound(t *testing.T) {
	eachRegistry(t, func(t *testing.T, r *itt.Registry) {
		k := itt.NewKey(t, t.TempDir(), "cosign")
		d := r.PushRandom(t, "acme/app")
		itt.AttachSignature(t, d, k.Signature(t, d))
		itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.SignType, map[string]any{})), itt.SignType)
		itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.SPDXType, itt.SPDX())), itt.SPDXType)
		itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.SLSAv02Type, itt.SLSAv02())), itt.SLSAv02Type)

		v := verifier(t, Options{Keys: []string{k.Pub}})
		s, atts, sboms := checkSBOMs(t, v, d)
		if !s.Checked || len(s.Found) != 2 || s.Found[0].Format != "cosign" || s.Found[1].Format != "bundle" {
			t.Fatalf("signatures %+v", s)
		}
		for _, f := range s.Found {
			if !f.Verified || f.Signer.Key != k.Pub || f.Error != "" {
				t.Errorf("signature %+v", f)
			}
		}
		if len(atts) != 2 {
			t.Fatalf("attestations %+v", atts)
		}
		byType := map[string]attDoc{}
		for _, a := range atts {
			if a.Format != "bundle" || !a.Verified || !a.SubjectMatches || a.Error != "" {
				t.Errorf("attestation %+v", a)
			}
			byType[a.PredicateType] = a
		}
		if got := byType[itt.SPDXType].SBOM; !reflect.DeepEqual(got, map[string]any{"format": "spdx", "components": 3.0}) {
			t.Errorf("spdx %+v", got)
		}
		wantSLSA := map[string]any{
			"builder_id":  "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.1.0",
			"build_type":  "https://github.com/slsa-framework/slsa-github-generator/container@v1",
			"source_repo": "git+https://github.com/acme/app", "source_ref": "refs/tags/v1.4.0", "source_digest": "sha1:0123456789abcdef0123456789abcdef01234567",
		}
		if got := byType[itt.SLSAv02Type].SLSA; !reflect.DeepEqual(got, wantSLSA) {
			t.Errorf("slsa v0.2 %+v", got)
		}
		if len(sboms) != 1 || sboms[0].Format != "spdx" {
			t.Errorf("SBOMs %+v", sboms)
		}
	})
}

func TestKeyless(t *testing.T) {
	eachRegistry(t, func(t *testing.T, r *itt.Registry) {
		dir := t.TempDir()
		vs := itt.NewSigstore(t, dir, false)
		d := r.PushRandom(t, "acme/app")
		itt.AttachSignature(t, d, vs.Signature(t, itt.Subject, d))
		itt.AttachBundle(t, d, vs.Bundle(t, itt.Subject, itt.Statement(t, d, itt.SignType, map[string]any{})), itt.SignType)
		itt.AttachBundle(t, d, vs.Bundle(t, itt.Subject, itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1())), itt.SLSAv1Type)

		right, err := ParseIdentity(itt.Issuer + `=https://github\.com/acme/app/\.github/workflows/release\.yml@refs/tags/v.*`)
		if err != nil {
			t.Fatal(err)
		}
		s, atts := check(t, verifier(t, Options{Identities: []Identity{right}, TrustedRoot: vs.Root}), d)
		want := signerDoc{Issuer: itt.Issuer, Subject: itt.Subject}
		if !s.Checked || len(s.Found) != 2 {
			t.Fatalf("signatures %+v", s)
		}
		for _, f := range s.Found {
			if !f.Verified || f.Signer != want || f.Error != "" {
				t.Errorf("keyless signature %+v", f)
			}
		}
		if len(atts) != 1 || !atts[0].Verified || !atts[0].SubjectMatches || atts[0].Signer != want || atts[0].SLSA == nil {
			t.Fatalf("keyless attestation %+v", atts)
		}

		// The wrong identity: another repository's workflow, an exact
		// subject that differs, another issuer.
		for _, wrong := range []Identity{
			{Issuer: itt.Issuer, Subject: `https://github.com/acme/other/.*`, SubjectRegexp: true},
			{Issuer: itt.Issuer, Subject: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"},
			{Issuer: "https://accounts.google.com", Subject: itt.Subject},
			// Unanchored, this would match a part of the subject.
			{Issuer: itt.Issuer, Subject: `github\.com/acme/app`, SubjectRegexp: true},
		} {
			s, atts := check(t, verifier(t, Options{Identities: []Identity{wrong}, TrustedRoot: vs.Root}), d)
			if len(s.Found) != 2 || len(atts) != 1 {
				t.Fatalf("%s: %+v %+v", wrong, s, atts)
			}
			for _, f := range s.Found {
				if f.Verified || f.Signer != (signerDoc{}) {
					t.Errorf("%s: verified %+v", wrong, f)
				}
				mustContain(t, wrong.String(), f.Error, "keyless, by "+itt.Subject, "not verified against the trusted identities")
			}
			if atts[0].Verified || atts[0].SLSA != nil {
				t.Errorf("%s: attestation %+v", wrong, atts[0])
			}
		}

		// A key alone does not verify a keyless signature.
		k := itt.NewKey(t, dir, "cosign")
		s, _ = check(t, verifier(t, Options{Keys: []string{k.Pub}}), d)
		for _, f := range s.Found {
			if f.Verified {
				t.Errorf("keyless signature verified by a key: %+v", f)
			}
			mustContain(t, "key only", f.Error, "no identity is trusted")
		}
	})
}

// Keyless verification takes from the trusted root what it must check: a
// root that lists CT logs requires an SCT, which these certificates lack.
func TestKeylessRootRequiresSCT(t *testing.T) {
	r := itt.NewRegistry(t, true)
	dir := t.TempDir()
	vs := itt.NewSigstore(t, dir, true)
	d := r.PushRandom(t, "acme/app")
	itt.AttachSignature(t, d, vs.Signature(t, itt.Subject, d))
	itt.AttachBundle(t, d, vs.Bundle(t, itt.Subject, itt.Statement(t, d, itt.SignType, map[string]any{})), itt.SignType)
	id := Identity{Issuer: itt.Issuer, Subject: itt.Subject}
	s, _ := check(t, verifier(t, Options{Identities: []Identity{id}, TrustedRoot: vs.Root}), d)
	if len(s.Found) != 2 {
		t.Fatalf("signatures %+v", s)
	}
	for _, f := range s.Found {
		if f.Verified {
			t.Errorf("verified without an SCT: %+v", f)
		}
		t.Log(f.Error)
		mustContain(t, f.Format, strings.ToLower(f.Error), "sct")
	}
}

// Keyless signatures from another Fulcio, logged in another Rekor: the
// trusted root is the only trust.
func TestKeylessOtherRoot(t *testing.T) {
	r := itt.NewRegistry(t, true)
	mine, theirs := itt.NewSigstore(t, t.TempDir(), false), itt.NewSigstore(t, t.TempDir(), false)
	d := r.PushRandom(t, "acme/app")
	itt.AttachSignature(t, d, theirs.Signature(t, itt.Subject, d))
	itt.AttachBundle(t, d, theirs.Bundle(t, itt.Subject, itt.Statement(t, d, itt.SignType, map[string]any{})), itt.SignType)
	id := Identity{Issuer: itt.Issuer, Subject: itt.Subject}
	// Their log is trusted too, but not their certificate authority.
	mixed := filepath.Join(t.TempDir(), "mixed.json")
	itt.WriteTrustedRoot(t, mixed, mine, theirs, false)
	for _, rootPath := range []string{mine.Root, mixed} {
		s, _ := check(t, verifier(t, Options{Identities: []Identity{id}, TrustedRoot: rootPath}), d)
		if len(s.Found) != 2 {
			t.Fatalf("signatures %+v", s)
		}
		for _, f := range s.Found {
			if f.Verified {
				t.Errorf("verified against another root: %+v", f)
			}
			t.Log(f.Error)
		}
	}
}

// cosign signs a multi-platform image by its index; provenance attests the
// index. A platform's manifest is covered by what covers its index.
func TestIndexed(t *testing.T) {
	r := itt.NewRegistry(t, true)
	k := itt.NewKey(t, t.TempDir(), "cosign")
	idx, err := random.Index(256, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	tag, _ := name.NewTag(r.Host() + "/acme/multi:1")
	if err := remote.WriteIndex(tag, idx, itt.RemoteOptions()...); err != nil {
		t.Fatal(err)
	}
	ih, _ := idx.Digest()
	im, _ := idx.IndexManifest()
	index := tag.Context().Digest(ih.String())
	manifest := tag.Context().Digest(im.Manifests[0].Digest.String())
	itt.AttachSignature(t, index, k.Signature(t, index))
	itt.AttachBundle(t, index, k.Bundle(t, itt.Statement(t, index, itt.CycloneDXType, itt.CycloneDX())), itt.CycloneDXType)

	v := verifier(t, Options{Keys: []string{k.Pub}})
	res := v.VerifyIndexed(context.Background(), manifest, index, itt.RemoteOptions()...)
	var s sigDoc
	var a []attDoc
	roundTrip(t, res.Signatures, &s)
	roundTrip(t, res.Attestations, &a)
	if !s.Checked || len(s.Found) != 1 || !s.Found[0].Verified || s.Found[0].Digest != index.DigestStr() {
		t.Fatalf("signatures %+v", s)
	}
	if len(a) != 1 || !a[0].Verified || !a[0].SubjectMatches || a[0].Digest != index.DigestStr() || a[0].SBOM == nil {
		t.Fatalf("attestations %+v", a)
	}
	if len(res.SBOMs) != 1 || res.SBOMs[0].Format != "cyclonedx" {
		t.Fatalf("SBOMs of the manifest: %+v", res.SBOMs)
	}
	// Alone, the manifest is unsigned.
	if s, _ := check(t, v, manifest); len(s.Found) != 0 {
		t.Fatalf("manifest alone: %+v", s)
	}
}

// A registry that cannot be reached is an unknown fact, not "unsigned".
func TestRegistryUnreachable(t *testing.T) {
	r := itt.NewRegistry(t, true)
	k := itt.NewKey(t, t.TempDir(), "cosign")
	d := r.PushRandom(t, "acme/app")
	r.Close()
	s, atts := check(t, verifier(t, Options{Keys: []string{k.Pub}}), d)
	if s.Checked || s.Error == "" || len(s.Found) != 0 || len(atts) != 0 {
		t.Fatalf("unreachable registry: %+v %+v", s, atts)
	}
	mustContain(t, "unreachable", s.Error, "signature tag", "attestation tag", "referrers of")
}

func TestVulnAndMalformedPredicates(t *testing.T) {
	r := itt.NewRegistry(t, true)
	k := itt.NewKey(t, t.TempDir(), "cosign")
	d := r.PushRandom(t, "acme/app")
	vuln := map[string]any{
		"scanner":  map[string]any{"uri": "pkg:github/aquasecurity/trivy@0.50.0", "version": "0.50.0", "db": map[string]any{"version": "2"}, "result": []any{map[string]any{"id": "CVE-2024-1"}}},
		"metadata": map[string]any{"scanFinishedOn": "2026-11-30T10:00:00Z"},
	}
	itt.AttachAttestation(t, d, itt.Attestation(t, k.Envelope(t, itt.Statement(t, d, "https://in-toto.io/attestation/vulns/v0.1", vuln))))
	itt.AttachAttestation(t, d, itt.Attestation(t, k.Envelope(t, itt.Statement(t, d, itt.CycloneDXType, map[string]any{"not": "a bom"}))))
	_, atts := check(t, verifier(t, Options{Keys: []string{k.Pub}}), d)
	if len(atts) != 2 {
		t.Fatalf("attestations %+v", atts)
	}
	wantVuln := map[string]any{"scanner": "pkg:github/aquasecurity/trivy@0.50.0", "scanner_version": "0.50.0", "db_version": "2", "finished": "2026-11-30T10:00:00Z", "results": 1.0}
	if !reflect.DeepEqual(atts[0].Vuln, wantVuln) {
		t.Errorf("vuln %+v", atts[0].Vuln)
	}
	if !atts[1].Verified || !atts[1].SubjectMatches || atts[1].SBOM != nil {
		t.Errorf("malformed sbom %+v", atts[1])
	}
	mustContain(t, "malformed sbom", atts[1].Error, "does not parse")
}

func TestOptionsErrors(t *testing.T) {
	dir := t.TempDir()
	k := itt.NewKey(t, dir, "cosign")
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	priv := write("cosign.key", "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n")
	junk := write("junk.Pub", "hello")
	badRoot := write("bad_root.json", `{"mediaType": "nope"}`)
	vs := itt.NewSigstore(t, dir, false)
	id := Identity{Issuer: itt.Issuer, Subject: itt.Subject}
	for _, c := range []struct {
		o    Options
		want []string
	}{
		{Options{Keys: []string{filepath.Join(dir, "missing.Pub")}}, []string{"trusted key", "missing.Pub"}},
		{Options{Keys: []string{priv}}, []string{priv, "private key"}},
		{Options{Keys: []string{junk}}, []string{junk, "not a PEM public key"}},
		{Options{Keys: []string{"nosuchkms://key/1"}}, []string{"nosuchkms://key/1", "neither a file nor a KMS"}},
		{Options{Identities: []Identity{{Issuer: itt.Issuer, Subject: "([", SubjectRegexp: true}}, TrustedRoot: vs.Root}, []string{"subject regexp", "(["}},
		{Options{Identities: []Identity{{Subject: itt.Subject}}, TrustedRoot: vs.Root}, []string{"both an issuer and a subject"}},
		{Options{Identities: []Identity{id}}, []string{"needs a trusted root"}},
		{Options{Identities: []Identity{id}, TrustedRoot: badRoot}, []string{badRoot, "trusted_root.json"}},
		{Options{TrustedRoot: filepath.Join(dir, "none.json")}, []string{"trusted root", "none.json"}},
		{Options{Keys: []string{junk, k.Pub}, TrustedRoot: badRoot}, []string{junk, badRoot}},
	} {
		_, err := New(t.Context(), c.o)
		if err == nil {
			t.Errorf("%+v: no error", c.o)
			continue
		}
		mustContain(t, "options", err.Error(), c.want...)
	}
	if v, err := New(t.Context(), Options{Keys: []string{k.Pub}, Identities: []Identity{id}, TrustedRoot: vs.Root}); err != nil || v.TrustedSigners() != 2 {
		t.Fatalf("good options: %v", err)
	}
}

func TestParseIdentity(t *testing.T) {
	id, err := ParseIdentity("https://token.actions.githubusercontent.com=https://github.com/acme/.+@refs/tags/v[0-9.]+=x")
	if err != nil {
		t.Fatal(err)
	}
	if id.Issuer != "https://token.actions.githubusercontent.com" || id.Subject != "https://github.com/acme/.+@refs/tags/v[0-9.]+=x" || !id.SubjectRegexp {
		t.Fatalf("%+v", id)
	}
	for _, bad := range []string{"", "no-equals", "=subject", "issuer=", "https://issuer=(["} {
		if _, err := ParseIdentity(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	// The regexp is matched against the whole subject.
	m, err := Identity{Issuer: "i", Subject: `https://github\.com/acme/.*`, SubjectRegexp: true}.matcher()
	if err != nil {
		t.Fatal(err)
	}
	for subject, want := range map[string]bool{
		"https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1": true,
		"https://evil.example/?https://github.com/acme/app":                      false,
	} {
		err := m.Verify(certificate.Summary{SubjectAlternativeName: subject, Extensions: certificate.Extensions{Issuer: "i"}})
		if (err == nil) != want {
			t.Errorf("%s: match=%v, want %v", subject, err == nil, want)
		}
	}
}

// The Verifier is what engine/check adapts for the image loader.
var _ interface {
	Verify(ctx context.Context, digest name.Digest, opts ...remote.Option) *Result
	VerifyIndexed(ctx context.Context, manifest, index name.Digest, opts ...remote.Option) *Result
} = (*Verifier)(nil)
