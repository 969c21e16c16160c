package imagetrust

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/paved-dev/paved/engine"
	sgbundle "github.com/sigstore/sigstore-go/pkg/bundle"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
)

// bundleMediaType prefixes the media type of a sigstore bundle layer (and
// the artifact type of its referrer manifest): ….bundle.v0.3+json.
const bundleMediaType = "application/vnd.dev.sigstore.bundle"

// cosignSignPredicate is the predicate type of the statement cosign 3
// signs in a bundle when it signs an image.
const cosignSignPredicate = "https://sigstore.dev/cosign/sign/v1"

// bundleItem is one sigstore bundle attached to the image, parsed by
// sigstore-go but not yet verified, or why it could not be read.
type bundleItem struct {
	bundle    *sgbundle.Bundle
	signature bool       // an image signature rather than an attestation
	statement *statement // the DSSE payload as claimed; nil for a message signature
	stErr     error
	err       error
}

// fetchBundles lists the image's referrers (go-containerregistry falls back
// to the referrers tag schema where the registry lacks the API) and reads
// the sigstore bundles among them.
func fetchBundles(digest name.Digest, ropts []remote.Option, b *budget) ([]bundleItem, error) {
	idx, err := remote.Referrers(digest, ropts...)
	if err != nil {
		return nil, err
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, err
	}
	if len(im.Manifests) > maxReferrers {
		return nil, fmt.Errorf("%d referrers, over the limit of %d", len(im.Manifests), maxReferrers)
	}
	var items []bundleItem
	for _, d := range im.Manifests {
		if !maybeBundle(d.ArtifactType) {
			continue
		}
		raw, ok, err := fetchBundleLayer(digest.Context(), d, ropts, b)
		if !ok {
			continue
		}
		if err != nil {
			items = append(items, bundleItem{err: err})
			continue
		}
		items = append(items, parseBundle(raw))
	}
	return items, nil
}

// maybeBundle skips referrers that are plainly something else (an SBOM
// pushed with ORAS, a Notary signature) without fetching them. Registries
// report a manifest's artifactType, or its config's media type when it
// has none: cosign sets both, to the bundle type and the empty config.
func maybeBundle(artifactType string) bool {
	return artifactType == "" || strings.HasPrefix(artifactType, bundleMediaType) ||
		artifactType == "application/vnd.oci.empty.v1+json"
}

// fetchBundleLayer reads the bundle a referrer manifest holds; ok is false
// when the manifest holds no bundle (a referrer of another kind).
func fetchBundleLayer(repo name.Repository, d v1.Descriptor, ropts []remote.Option, b *budget) (raw []byte, ok bool, err error) {
	ref := repo.Digest(d.Digest.String())
	desc, err := remote.Get(ref, ropts...)
	if err != nil {
		return nil, true, fmt.Errorf("referrer %s: %w", d.Digest, err)
	}
	m, err := v1.ParseManifest(bytes.NewReader(desc.Manifest))
	if err != nil {
		return nil, false, nil
	}
	var layer *v1.Descriptor
	for i := range m.Layers {
		if strings.HasPrefix(string(m.Layers[i].MediaType), bundleMediaType) {
			layer = &m.Layers[i]
			break
		}
	}
	if layer == nil {
		return nil, false, nil
	}
	if len(m.Layers) != 1 {
		return nil, true, fmt.Errorf("referrer %s: %d layers where a sigstore bundle referrer has one", d.Digest, len(m.Layers))
	}
	if layer.Size < 0 || layer.Size > maxEnvelopeLen {
		return nil, true, fmt.Errorf("referrer %s: a bundle of %d bytes, over the limit of %d", d.Digest, layer.Size, maxEnvelopeLen)
	}
	if err := b.take(layer.Size); err != nil {
		return nil, true, fmt.Errorf("referrer %s: %w", d.Digest, err)
	}
	l, err := remote.Layer(repo.Digest(layer.Digest.String()), ropts...)
	if err != nil {
		return nil, true, fmt.Errorf("referrer %s: %w", d.Digest, err)
	}
	rc, err := l.Compressed()
	if err != nil {
		return nil, true, fmt.Errorf("referrer %s: bundle: %w", d.Digest, err)
	}
	defer rc.Close()
	// go-containerregistry checks the blob against its digest and size as
	// it reads.
	raw, err = engine.ReadAllLimit(rc, layer.Size)
	if err != nil {
		return nil, true, fmt.Errorf("referrer %s: bundle: %w", d.Digest, err)
	}
	return raw, true, nil
}

// parseBundle parses a bundle with sigstore-go and sorts it: a DSSE
// statement of cosign's signing predicate, or a message signature, is an
// image signature; any other statement is an attestation.
func parseBundle(raw []byte) bundleItem {
	var bun sgbundle.Bundle
	if err := bun.UnmarshalJSON(raw); err != nil {
		return bundleItem{err: fmt.Errorf("not a sigstore bundle: %w", err)}
	}
	it := bundleItem{bundle: &bun}
	env := bun.GetDsseEnvelope()
	if env == nil {
		it.signature = true
		return it
	}
	it.statement, it.stErr = parseStatement(env.GetPayload())
	it.signature = it.statement != nil && it.statement.PredicateType == cosignSignPredicate
	return it
}

// bundleSignature verifies a bundle that signs the image.
func (v *Verifier) bundleSignature(it bundleItem, h v1.Hash) sigFact {
	f := sigFact{format: FormatBundle}
	switch {
	case it.err != nil:
		f.err = it.err.Error()
		return f
	case v.TrustedSigners() == 0:
		f.err = ErrNoSigner
		return f
	}
	sg, covers, err := v.bundleSigner(it.bundle, h)
	switch {
	case err != nil:
		f.err = err.Error()
	case !covers:
		f.err = fmt.Sprintf("signed by %s, but %s", sg, subjectMismatch(it.statement, h))
	default:
		f.verified, f.signer = true, sg
	}
	return f
}

// bundleAttestation verifies a bundle holding an attestation.
func (v *Verifier) bundleAttestation(it bundleItem, h v1.Hash) attestation {
	a := attestation{format: FormatBundle}
	if it.statement != nil {
		a.predicateType = it.statement.PredicateType
	}
	switch {
	case it.err != nil:
		a.err = it.err.Error()
		return a
	case v.TrustedSigners() == 0:
		a.err = ErrNoSigner
		return a
	}
	sg, covers, err := v.bundleSigner(it.bundle, h)
	if err != nil {
		a.err = err.Error()
		return a
	}
	a.verified, a.signer = true, sg
	switch {
	case it.stErr != nil:
		a.err = fmt.Sprintf("signed by %s, but %v", sg, it.stErr)
	case !covers:
		a.err = fmt.Sprintf("signed by %s, but %s", sg, subjectMismatch(it.statement, h))
	default:
		a.subjectMatches = true
		a.facts(it.statement)
	}
	return a
}

// bundleSigner finds the trusted signer that sigstore-go verifies the
// bundle with, and whether the bundle covers the image: its statement's
// subject, or its message digest, is h. A bundle that verifies only
// without the image is signed but about something else.
func (v *Verifier) bundleSigner(b *sgbundle.Bundle, h v1.Hash) (signer, bool, error) {
	dg, err := hex.DecodeString(h.Hex)
	if err != nil {
		return signer{}, false, err
	}
	image := verify.WithArtifactDigest(h.Algorithm, dg)
	vc, err := b.VerificationContent()
	if err != nil {
		return signer{}, false, err
	}
	if cert := vc.Certificate(); cert != nil {
		claimed := certSigner(cert)
		if len(v.identities) == 0 {
			return signer{}, false, fmt.Errorf("keyless, by %s, and no identity is trusted", claimed)
		}
		sv, err := v.keylessVerifier()
		if err != nil {
			return signer{}, false, err
		}
		var ids []verify.PolicyOption
		for _, id := range v.identities {
			ids = append(ids, verify.WithCertificateIdentity(id.matcher))
		}
		covers, err := verifyBoth(sv, b, image, ids...)
		if err != nil {
			return signer{}, false, fmt.Errorf("keyless, by %s, not verified against the trusted identities (%s) and trusted root %s: %w",
				claimed, v.identityList(), v.rootName, err)
		}
		return claimed, covers, nil
	}
	if len(v.keys) == 0 {
		return signer{}, false, errors.New("signed with a key, and no key is trusted")
	}
	var errs []string
	for _, k := range v.keys {
		sv, err := v.keyVerifier(k, b)
		if err != nil {
			return signer{}, false, err
		}
		covers, err := verifyBoth(sv, b, image, verify.WithKey())
		if err == nil {
			return signer{key: k.name}, covers, nil
		}
		errs = append(errs, fmt.Sprintf("key %s: %v", k.name, err))
	}
	return signer{}, false, errors.New(noSignerMatched(errs))
}

// verifyBoth verifies the bundle about the image; when that fails, a DSSE
// bundle is verified again without the image, to tell a signature that
// does not verify from a statement about another artifact.
func verifyBoth(sv *verify.Verifier, b *sgbundle.Bundle, image verify.ArtifactPolicyOption, opts ...verify.PolicyOption) (bool, error) {
	_, err := sv.Verify(b, verify.NewPolicy(image, opts...))
	if err == nil {
		return true, nil
	}
	if b.GetDsseEnvelope() == nil {
		return false, err
	}
	if _, err2 := sv.Verify(b, verify.NewPolicy(verify.WithoutArtifactUnsafe(), opts...)); err2 != nil {
		return false, err
	}
	return false, nil
}

// keylessVerifier verifies certificates against the trusted root, offline:
// a Rekor entry is required when the root lists transparency logs, an SCT
// when it lists CT logs, and one trusted time (a Rekor entry's or an RFC
// 3161 timestamp's) to date the short-lived certificate.
func (v *Verifier) keylessVerifier() (*verify.Verifier, error) {
	opts := []verify.VerifierOption{verify.WithObserverTimestamps(1)}
	if len(v.root.RekorLogs()) > 0 {
		opts = append(opts, verify.WithTransparencyLog(1))
	}
	if len(v.root.CTLogs()) > 0 {
		opts = append(opts, verify.WithSignedCertificateTimestamps(1))
	}
	return verify.NewVerifier(v.root, opts...)
}

// keyVerifier verifies with one key. As for classic signatures, the Rekor
// entries a bundle carries are checked when the trusted root lists logs,
// and none is required.
func (v *Verifier) keyVerifier(k key, b *sgbundle.Bundle) (*verify.Verifier, error) {
	var base root.TrustedMaterial = &root.BaseTrustedMaterial{}
	opts := []verify.VerifierOption{verify.WithNoObserverTimestamps()}
	if v.root != nil {
		base = v.root
		if entries, err := b.TlogEntries(); err == nil && len(entries) > 0 && len(v.root.RekorLogs()) > 0 {
			opts = append(opts, verify.WithTransparencyLog(1))
		}
	}
	return verify.NewVerifier(keyMaterial{TrustedMaterial: base, key: k.material()}, opts...)
}

// keyMaterial is a trusted root (for its logs) whose only public key is
// the trusted key, whatever hint a bundle gives.
type keyMaterial struct {
	root.TrustedMaterial
	key root.TimeConstrainedVerifier
}

func (m keyMaterial) PublicKeyVerifier(string) (root.TimeConstrainedVerifier, error) {
	return m.key, nil
}
