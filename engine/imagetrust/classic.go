package imagetrust

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/sigstore/cosign/v3/pkg/cosign"
	"github.com/sigstore/cosign/v3/pkg/oci"
	ociremote "github.com/sigstore/cosign/v3/pkg/oci/remote"
	"github.com/sigstore/cosign/v3/pkg/oci/static"
	"github.com/sigstore/sigstore/pkg/signature/payload"
)

// classicTag is where cosign keeps an image's signatures ("sig") or
// attestations ("att"): a tag beside the image in its repository.
func classicTag(digest name.Digest, h v1.Hash, suffix string) name.Tag {
	return digest.Context().Tag(h.Algorithm + "-" + h.Hex + "." + suffix)
}

// classicItem is one layer of a .sig or .att image, read whole (so trying
// several signers fetches nothing again), or why it could not be.
type classicItem struct {
	sig oci.Signature
	err error
}

// fetchClassic reads the layers of the signature image at tag within the
// bounds; nothing at the tag is no items and no error.
func fetchClassic(tag name.Tag, ropts []remote.Option, maxLayer int64, b *budget) ([]classicItem, error) {
	sigs, err := ociremote.Signatures(tag, ociremote.WithRemoteOptions(ropts...))
	if err != nil {
		return nil, err
	}
	m, err := sigs.Manifest()
	if err != nil {
		return nil, err
	}
	if len(m.Layers) > maxPerTag {
		return nil, fmt.Errorf("%d layers, over the limit of %d", len(m.Layers), maxPerTag)
	}
	for _, l := range m.Layers {
		if l.Size < 0 || l.Size > maxLayer {
			return nil, fmt.Errorf("a layer of %d bytes, over the limit of %d", l.Size, maxLayer)
		}
		if err := b.take(l.Size); err != nil {
			return nil, err
		}
	}
	list, err := sigs.Get()
	if err != nil {
		return nil, err
	}
	items := make([]classicItem, 0, len(list))
	for _, s := range list {
		c, err := static.Copy(s)
		if err != nil {
			items = append(items, classicItem{err: fmt.Errorf("unreadable: %w", err)})
			continue
		}
		items = append(items, classicItem{sig: c})
	}
	return items, nil
}

// classicSignature verifies a simple-signing signature with cosign: the
// signature over the payload by a trusted key or a trusted keyless
// identity, and the payload naming this image's digest.
func (v *Verifier) classicSignature(ctx context.Context, it classicItem, h v1.Hash) sigFact {
	f := sigFact{format: FormatCosign}
	if it.err != nil {
		f.err = it.err.Error()
		return f
	}
	if v.TrustedSigners() == 0 {
		f.err = ErrNoSigner
		return f
	}
	sg, err := v.classicSigner(ctx, it.sig, h, cosign.VerifyImageSignature)
	if err != nil {
		f.err = err.Error()
		return f
	}
	if err := cosign.SimpleClaimVerifier(it.sig, h, nil); err != nil {
		f.err = fmt.Sprintf("signed by %s, but %s", sg, claimedImage(it.sig, h))
		return f
	}
	f.verified, f.signer = true, sg
	return f
}

// claimedImage says what a simple-signing payload covers instead of h.
func claimedImage(sig oci.Signature, h v1.Hash) string {
	p, err := sig.Payload()
	if err != nil {
		return fmt.Sprintf("its payload is unreadable: %v", err)
	}
	var sci payload.SimpleContainerImage
	if err := json.Unmarshal(p, &sci); err != nil || sci.Critical.Image.DockerManifestDigest == "" {
		return "its payload is not a cosign image signature naming a digest"
	}
	return fmt.Sprintf("over %s, not this image's %s (copied from another image, or the image changed after signing)",
		sci.Critical.Image.DockerManifestDigest, h)
}

// verifyFn is cosign's check of one signature or one attestation.
type verifyFn func(ctx context.Context, sig oci.Signature, h v1.Hash, co *cosign.CheckOpts) (bool, error)

// classicSigner finds the trusted signer whose check passes: the keyless
// identities for a signature that carries a certificate, else each key.
func (v *Verifier) classicSigner(ctx context.Context, sig oci.Signature, h v1.Hash, check verifyFn) (signer, error) {
	cert, err := sig.Cert()
	if err != nil {
		return signer{}, fmt.Errorf("its certificate is unreadable: %w", err)
	}
	if cert != nil {
		claimed := certSigner(cert)
		if len(v.identities) == 0 {
			return signer{}, fmt.Errorf("keyless, by %s, and no identity is trusted", claimed)
		}
		co, err := v.keylessCheckOpts(sig)
		if err == nil {
			_, err = check(ctx, sig, h, co)
		}
		if err != nil {
			return signer{}, fmt.Errorf("keyless, by %s, not verified against the trusted identities (%s) and trusted root %s: %w",
				claimed, v.identityList(), v.rootName, err)
		}
		return claimed, nil
	}
	if len(v.keys) == 0 {
		return signer{}, fmt.Errorf("signed with a key, and no key is trusted")
	}
	var errs []string
	for _, k := range v.keys {
		co, err := v.keyCheckOpts(k, sig)
		if err == nil {
			_, err = check(ctx, sig, h, co)
		}
		if err == nil {
			return signer{key: k.name}, nil
		}
		errs = append(errs, fmt.Sprintf("key %s: %v", k.name, err))
	}
	return signer{}, fmt.Errorf("%s", noSignerMatched(errs))
}

// keyCheckOpts checks a signature with a key. A Rekor entry it carries is
// checked against the trusted root's logs when there is one; none is
// required, since a key holder may sign without a log.
func (v *Verifier) keyCheckOpts(k key, sig oci.Signature) (*cosign.CheckOpts, error) {
	co := &cosign.CheckOpts{SigVerifier: k.verifier, IgnoreTlog: true, IgnoreSCT: true, Offline: true}
	rb, err := sig.Bundle()
	if err != nil {
		return nil, fmt.Errorf("its Rekor bundle is unreadable: %w", err)
	}
	if rb != nil && v.root != nil && len(v.root.RekorLogs()) > 0 {
		co.IgnoreTlog = false
		co.TrustedMaterial = v.root
	}
	return co, nil
}

// keylessCheckOpts checks a certificate against the trusted root, offline:
// its chain to a Fulcio CA, its identity, an SCT when the root lists CT
// logs, and the signature's time from a Rekor entry (required when the
// root lists transparency logs) or an RFC 3161 timestamp.
func (v *Verifier) keylessCheckOpts(sig oci.Signature) (*cosign.CheckOpts, error) {
	tr := v.root
	co := &cosign.CheckOpts{
		TrustedMaterial:     tr,
		Identities:          v.cosignIdentities(),
		IgnoreSCT:           len(tr.CTLogs()) == 0,
		IgnoreTlog:          len(tr.RekorLogs()) == 0,
		UseSignedTimestamps: len(tr.TimestampingAuthorities()) > 0,
		Offline:             true,
	}
	if !co.IgnoreTlog {
		rb, err := sig.Bundle()
		if err != nil {
			return nil, fmt.Errorf("its Rekor bundle is unreadable: %w", err)
		}
		if rb == nil {
			return nil, fmt.Errorf("it carries no Rekor entry, which the trusted root's transparency log makes necessary")
		}
	}
	return co, nil
}

// classicAttestation verifies a DSSE envelope from the .att tag with
// cosign: the envelope's signature by a trusted signer, then whether a
// subject of its statement is this image.
func (v *Verifier) classicAttestation(ctx context.Context, it classicItem, h v1.Hash) attestation {
	a := attestation{format: FormatCosign}
	if it.err != nil {
		a.err = it.err.Error()
		return a
	}
	env, err := it.sig.Payload()
	if err != nil {
		a.err = fmt.Sprintf("unreadable: %v", err)
		return a
	}
	st, stErr := statementFromEnvelope(env)
	if st != nil {
		a.predicateType = st.PredicateType
	}
	if v.TrustedSigners() == 0 {
		a.err = ErrNoSigner
		return a
	}
	sg, err := v.classicSigner(ctx, it.sig, h, cosign.VerifyBlobAttestation)
	if err != nil {
		a.err = err.Error()
		return a
	}
	a.verified, a.signer = true, sg
	if stErr != nil {
		a.err = fmt.Sprintf("signed by %s, but %v", sg, stErr)
		return a
	}
	if err := cosign.IntotoSubjectClaimVerifier(it.sig, h, nil); err != nil {
		a.err = fmt.Sprintf("signed by %s, but %s", sg, subjectMismatch(st, h))
		return a
	}
	a.subjectMatches = true
	a.facts(st)
	return a
}
