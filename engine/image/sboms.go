package image

import (
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"

	"github.com/paved-dev/paved/engine"
)

// AttachedSBOMs is a Verifier that also hands over the documents of the
// SBOM attestations that counted in its last Verify of a digest (verified
// against a trusted signer, subject this image), so they are judged as
// SBOMs of the image.
type AttachedSBOMs interface {
	AttachedSBOMs(digest name.Digest) [][]byte
}

// sbomTargets parses the SBOMs attached to the image t was read from into
// targets of their own kind, named after the image: the same repository,
// the platform's path with "/sbom" and the attestation's position, so that
// their findings keep their identity from build to build.
func (l *Loader) sbomTargets(t *engine.Target, digest name.Digest) ([]*engine.Target, engine.Diagnostics) {
	src, ok := l.opts.Verifier.(AttachedSBOMs)
	if !ok || l.opts.ParseSBOM == nil {
		return nil, nil
	}
	var out []*engine.Target
	var diags engine.Diagnostics
	for i, doc := range src.AttachedSBOMs(digest) {
		id := fmt.Sprintf("%s#sbom-%d", t.ID, i+1)
		st, err := l.opts.ParseSBOM(id, doc)
		if err != nil {
			diags = append(diags, engine.Diagnostic{File: id, Message: fmt.Sprintf("the SBOM attested for %s: %v", t.ID, err)})
			continue
		}
		st.Identity = engine.Identity{Repo: t.Identity.Repo, Path: fmt.Sprintf("%s/sbom-%d", t.Identity.Path, i+1)}
		st.Owner = t.Owner
		out = append(out, st)
	}
	return out, diags
}
