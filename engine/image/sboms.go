package image

import (
	"fmt"

	"github.com/paved-dev/paved/engine"
)

// sbomTargets parses the SBOMs attested for the image t was read from
// (docs, from its Verifier) into targets of their own kind, named after
// the image: the same repository, the platform's path with "/sbom" and the
// attestation's position, so that their findings keep their identity from
// build to build.
func (l *Loader) sbomTargets(t *engine.Target, docs [][]byte) ([]*engine.Target, engine.Diagnostics) {
	if l.opts.ParseSBOM == nil {
		return nil, nil
	}
	var out []*engine.Target
	var diags engine.Diagnostics
	for i, doc := range docs {
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
