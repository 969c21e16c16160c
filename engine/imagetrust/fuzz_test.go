package imagetrust

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"

	itt "github.com/paved-dev/paved/engine/imagetrust/imagetrusttest"
)

var fuzzImage = name.MustParseReference("r.example/app@sha256:abababababababababababababababababababababababababababababababab").(name.Digest)

// FuzzStatement feeds envelopes and statements to what reads them, and
// every predicate type's facts: no panic, and facts that JSON (so Rego)
// can hold.
func FuzzStatement(f *testing.F) {
	for _, pred := range []struct {
		typ  string
		pred any
	}{
		{itt.SLSAv1Type, itt.SLSAv1()}, {itt.SLSAv02Type, itt.SLSAv02()},
		{itt.CycloneDXType, itt.CycloneDX()}, {itt.SPDXType, itt.SPDX()},
		{"https://cosign.sigstore.dev/attestation/vuln/v1", map[string]any{"scanner": map[string]any{"uri": "x", "result": map[string]any{}}}},
		{itt.SPDXType, map[string]any{"@graph": []any{map[string]any{"type": "software_Package"}}}},
	} {
		st := itt.Statement(f, fuzzImage, pred.typ, pred.pred)
		f.Add(st)
		env, _ := json.Marshal(map[string]any{"payloadType": inTotoPayloadType, "payload": base64.StdEncoding.EncodeToString(st), "signatures": []any{}})
		f.Add(env)
	}
	f.Add([]byte(`{"predicateType":"https://slsa.dev/provenance/v1","predicate":{"buildDefinition":{"resolvedDependencies":[{"uri":"git+ssh://git@host"}]}}}`))
	f.Add([]byte(`{"predicateType":"https://cyclonedx.org/bom","predicate":{"bomFormat":"CycloneDX","components":[{"components":[{"components":[]}]}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, _ := v1.NewHash(fuzzImage.DigestStr())
		for _, read := range []func([]byte) (*statement, error){parseStatement, statementFromEnvelope} {
			st, err := read(b)
			if err != nil {
				continue
			}
			if st.PredicateType == "" {
				t.Fatal("a statement without a predicate type")
			}
			_ = subjectMismatch(st, h)
			for _, pt := range []string{st.PredicateType, itt.SLSAv1Type, itt.SLSAv02Type, itt.CycloneDXType, itt.SPDXType, "https://in-toto.io/attestation/vulns/v0.1"} {
				a := attestation{verified: true, subjectMatches: true}
				st.PredicateType = pt
				a.facts(st)
				if _, err := json.Marshal(a.doc()); err != nil {
					t.Fatalf("%s facts do not marshal: %v", pt, err)
				}
				if a.sbomDoc != nil && !json.Valid(a.sbomDoc.Document) {
					t.Fatalf("an SBOM document that is not JSON: %q", a.sbomDoc.Document)
				}
			}
		}
	})
}

// FuzzBundle feeds referrer layers to the bundle reader and the verifier
// with a trusted key: no panic, and nothing verifies unless it is about
// the image.
func FuzzBundle(f *testing.F) {
	dir := f.TempDir()
	k := itt.NewKey(f, dir, "cosign")
	v, err := New(f.Context(), Options{Keys: []string{k.Pub}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(k.Bundle(f, itt.Statement(f, fuzzImage, itt.SLSAv1Type, itt.SLSAv1())))
	f.Add(k.Bundle(f, itt.Statement(f, fuzzImage, "https://sigstore.dev/cosign/sign/v1", map[string]any{})))
	f.Add([]byte(`{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}`))
	f.Add([]byte(`{}`))
	h, _ := v1.NewHash(fuzzImage.DigestStr())
	f.Fuzz(func(t *testing.T, raw []byte) {
		it := parseBundle(raw)
		if it.err != nil {
			if it.bundle != nil {
				t.Fatal("a bundle beside an error")
			}
			return
		}
		if it.signature {
			s := v.bundleSignature(it, h)
			if s.verified && it.statement != nil && !about(it.statement, h) {
				t.Fatalf("a signature about something else verified: %+v", s)
			}
			return
		}
		a := v.bundleAttestation(it, h)
		if a.counts() && !about(it.statement, h) {
			t.Fatalf("an attestation about something else counts: %+v", a)
		}
	})
}

func about(st *statement, h v1.Hash) bool {
	for _, s := range st.Subject {
		if s.Digest[h.Algorithm] == h.Hex {
			return true
		}
	}
	return false
}

// FuzzIdentity feeds the --trusted-identity flag's parser.
func FuzzIdentity(f *testing.F) {
	f.Add("https://token.actions.githubusercontent.com=https://github.com/acme/.*")
	f.Add("https://accounts.google.com=me@example.com")
	f.Add("a==b")
	f.Add("=")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseIdentity(s)
		if err != nil {
			return
		}
		if id.Issuer == "" || id.Subject == "" || strings.Contains(id.Issuer, "=") || !id.SubjectRegexp {
			t.Fatalf("%q parsed to %+v", s, id)
		}
		if _, err := id.matcher(); err != nil {
			t.Fatalf("%q parsed, but its matcher: %v", s, err)
		}
	})
}

// FuzzSplitSourceRef: the repository and the ref are the URI cut at one
// "@", after the path starts.
func FuzzSplitSourceRef(f *testing.F) {
	f.Add("git+https://github.com/acme/app@refs/tags/v1.4.0")
	f.Add("git+ssh://git@github.com/acme/app")
	f.Add("https://github.com/acme/app")
	f.Add("@")
	f.Fuzz(func(t *testing.T, uri string) {
		repo, ref := splitSourceRef(uri)
		if repo != uri && repo+"@"+ref != uri {
			t.Fatalf("%q split into %q and %q", uri, repo, ref)
		}
		if strings.Contains(uri, "://") && strings.Contains(repo, "://") && !strings.Contains(uri[strings.Index(uri, "://")+3:], "/") && ref != "" {
			t.Fatalf("%q: a ref cut from the host part", uri)
		}
	})
}
