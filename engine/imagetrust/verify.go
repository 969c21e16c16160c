package imagetrust

import (
	"context"
	"crypto/x509"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/sigstore/cosign/v3/pkg/cosign"
	"github.com/sigstore/sigstore-go/pkg/fulcio/certificate"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
)

// Formats of what is found, as the input document names them.
const (
	FormatCosign = "cosign" // cosign's classic .sig and .att tags
	FormatBundle = "bundle" // a sigstore bundle, OCI 1.1 referrer or referrers tag
)

// ErrNoSigner is the error of everything found when no signer is trusted.
const ErrNoSigner = "no signer is trusted"

// Bounds on what one image's signatures and attestations may make paved
// read: counts, one item's size, and the total.
const (
	maxPerTag       = 100      // layers of one .sig or .att image
	maxReferrers    = 100      // referrers of one image
	maxSignatureLen = 1 << 20  // one simple-signing payload
	maxEnvelopeLen  = 64 << 20 // one attestation envelope or bundle: SBOMs are large
	maxTotal        = 256 << 20
)

// Verifier verifies images' signatures and attestations against the
// trusted signers it was made with. It is safe for concurrent use.
type Verifier struct {
	keys       []key
	identities []identity
	root       *root.TrustedRoot // nil when none was given
	rootName   string
}

type identity struct {
	Identity
	matcher verify.CertificateIdentity
}

// TrustedSigners is the number of keys and identities trusted.
func (v *Verifier) TrustedSigners() int { return len(v.keys) + len(v.identities) }

// SBOM is the document of a verified SBOM attestation whose subject is the
// image: the attestation's predicate, as signed.
type SBOM struct {
	Format        string // cyclonedx | spdx
	PredicateType string
	Document      []byte // JSON
}

// Result is what Verify or VerifyIndexed found for one image.
type Result struct {
	// Signatures and Attestations are the input document's parts, of plain
	// values (map[string]any, []any, string, bool, int).
	Signatures   map[string]any
	Attestations []any
	// SBOMs are the documents of the attestations that count (verified,
	// subject matching) and hold an SBOM.
	SBOMs []SBOM
}

// VerifyIndexed is Verify for a manifest chosen from an image index. cosign
// signs a multi-platform image by its index digest unless told to recurse,
// and provenance generators attest the index: what signs or attests the
// index covers the manifest too, since the index pins the manifest's
// digest. Both are looked up; each entry found says which digest it is
// about, and the SBOMs found either way are the manifest's.
func (v *Verifier) VerifyIndexed(ctx context.Context, manifest, index name.Digest, opts ...remote.Option) *Result {
	if index.DigestStr() == "" || index.DigestStr() == manifest.DigestStr() {
		return v.Verify(ctx, manifest, opts...)
	}
	var m, i *Result
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); m = v.Verify(ctx, manifest, opts...) }()
	go func() { defer wg.Done(); i = v.Verify(ctx, index, opts...) }()
	wg.Wait()
	ms, is := m.Signatures, i.Signatures
	errs := slices.DeleteFunc([]string{ms["error"].(string), is["error"].(string)}, func(s string) bool { return s == "" })
	sigs := map[string]any{
		"checked":         ms["checked"].(bool) && is["checked"].(bool),
		"error":           strings.Join(errs, "; "),
		"trusted_signers": ms["trusted_signers"],
		"found":           append(ms["found"].([]any), is["found"].([]any)...),
	}
	return &Result{
		Signatures:   sigs,
		Attestations: append(m.Attestations, i.Attestations...),
		SBOMs:        append(m.SBOMs, i.SBOMs...),
	}
}

// Verify reports the signatures and attestations of the image digest
// names, the input document's "signatures" and "attestations", with the
// verified SBOMs found. opts reach the registry (auth, transport); the
// context is added.
func (v *Verifier) Verify(ctx context.Context, digest name.Digest, opts ...remote.Option) *Result {
	sigs := &signatures{trusted: v.TrustedSigners(), digest: digest.DigestStr()}
	h, err := v1.NewHash(digest.DigestStr())
	if err != nil {
		sigs.lookupErrs = append(sigs.lookupErrs, fmt.Sprintf("image digest %q: %v", digest.DigestStr(), err))
		return sigs.result(nil)
	}
	ropts := append(slices.Clip(opts), remote.WithContext(ctx))
	// One puller for all the lookups: one ping and one token per
	// repository, where each call would otherwise make its own.
	if p, err := remote.NewPuller(ropts...); err == nil {
		ropts = append(ropts, remote.Reuse(p))
	}
	// The lookups run at once: an append by one must not write where
	// another reads.
	ropts = slices.Clip(ropts)
	b := &budget{}
	b.left.Store(maxTotal)

	// The three lookups are independent round trips.
	var (
		wg                   sync.WaitGroup
		sigItems, attItems   []classicItem
		bundles              []bundleItem
		sigErr, attErr, rErr error
	)
	wg.Add(3)
	go func() {
		defer wg.Done()
		sigItems, sigErr = fetchClassic(classicTag(digest, h, "sig"), ropts, maxSignatureLen, b)
	}()
	go func() {
		defer wg.Done()
		attItems, attErr = fetchClassic(classicTag(digest, h, "att"), ropts, maxEnvelopeLen, b)
	}()
	go func() {
		defer wg.Done()
		bundles, rErr = fetchBundles(digest, ropts, b)
	}()
	wg.Wait()
	for _, e := range []struct {
		what string
		err  error
	}{{"signature tag " + classicTag(digest, h, "sig").String(), sigErr}, {"attestation tag " + classicTag(digest, h, "att").String(), attErr}, {"referrers of " + digest.String(), rErr}} {
		if e.err != nil {
			sigs.lookupErrs = append(sigs.lookupErrs, fmt.Sprintf("%s: %v", e.what, e.err))
		}
	}

	var atts []attestation
	for _, it := range sigItems {
		sigs.found = append(sigs.found, v.classicSignature(ctx, it, h))
	}
	for _, it := range bundles {
		if it.signature {
			sigs.found = append(sigs.found, v.bundleSignature(it, h))
		}
	}
	for _, it := range attItems {
		atts = append(atts, v.classicAttestation(ctx, it, h))
	}
	for _, it := range bundles {
		if !it.signature {
			atts = append(atts, v.bundleAttestation(it, h))
		}
	}
	return sigs.result(atts)
}

// budget is the bytes one image's lookups may still read.
type budget struct{ left atomic.Int64 }

func (b *budget) take(n int64) error {
	if b.left.Add(-n) < 0 {
		return fmt.Errorf("signatures and attestations over %d bytes in all", maxTotal)
	}
	return nil
}

// signer is who verified a signature; empty until something verifies.
type signer struct{ key, issuer, subject string }

func (s signer) doc() map[string]any {
	return map[string]any{"key": s.key, "issuer": s.issuer, "subject": s.subject}
}

func (s signer) String() string {
	if s.key != "" {
		return "key " + s.key
	}
	return fmt.Sprintf("%s (issuer %s)", s.subject, s.issuer)
}

// certSigner is the identity a certificate names.
func certSigner(cert *x509.Certificate) signer {
	sum, err := certificate.SummarizeCertificate(cert)
	if err != nil {
		return signer{subject: strings.Join(cert.EmailAddresses, ","), issuer: cert.Issuer.String()}
	}
	return signer{issuer: sum.Issuer, subject: sum.SubjectAlternativeName}
}

// sigFact is one signature found.
type sigFact struct {
	format   string
	verified bool
	signer   signer
	err      string
}

type signatures struct {
	trusted    int
	digest     string // what the lookups were for, reported with each entry
	found      []sigFact
	lookupErrs []string
}

func (s *signatures) result(atts []attestation) *Result {
	found := make([]any, 0, len(s.found))
	for _, f := range s.found {
		var sg signer
		if f.verified {
			sg = f.signer
		}
		found = append(found, map[string]any{
			"format": f.format, "digest": s.digest, "verified": f.verified, "signer": sg.doc(), "error": f.err,
		})
	}
	r := &Result{
		Signatures: map[string]any{
			"checked":         len(s.lookupErrs) == 0,
			"error":           strings.Join(s.lookupErrs, "; "),
			"trusted_signers": s.trusted,
			"found":           found,
		},
		Attestations: make([]any, 0, len(atts)),
	}
	for _, a := range atts {
		d := a.doc()
		d["digest"] = s.digest
		r.Attestations = append(r.Attestations, d)
		if a.counts() && a.sbomDoc != nil {
			r.SBOMs = append(r.SBOMs, *a.sbomDoc)
		}
	}
	return r
}

// noSignerMatched joins why each trusted signer refused something.
func noSignerMatched(errs []string) string {
	if len(errs) == 0 {
		return "no trusted signer verifies it"
	}
	return "no trusted signer verifies it: " + strings.Join(errs, "; ")
}

// cosignIdentities are the identities as cosign's classic checks take them.
func (v *Verifier) cosignIdentities() []cosign.Identity {
	ids := make([]cosign.Identity, len(v.identities))
	for i, id := range v.identities {
		ids[i] = id.cosign()
	}
	return ids
}

func (v *Verifier) identityList() string {
	s := make([]string, len(v.identities))
	for i, id := range v.identities {
		s[i] = id.String()
	}
	return strings.Join(s, ", ")
}
