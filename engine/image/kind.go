package image

import (
	"context"

	"github.com/paved-dev/paved/engine"
)

// Kind is the kind of image targets.
const Kind engine.Kind = "image"

var _ engine.KindLoader = (*Loader)(nil)

// Kind implements engine.KindLoader.
func (l *Loader) Kind() engine.Kind { return Kind }

// Describe implements engine.KindLoader.
func (l *Loader) Describe() string {
	return "a container image (image://REGISTRY/REPOSITORY[:TAG|@DIGEST], oci:DIR[:TAG], docker-archive:FILE[:TAG])"
}

// Detect claims image references: image://…, oci:… and docker-archive:….
// A directory is never one, whatever its name.
func (l *Loader) Detect(p *engine.Probe) bool { return !p.Dir && IsReference(p.Path) }

// ClaimsReference reports whether ref, naming no file, is an image
// reference (engine.Referenced).
func (l *Loader) ClaimsReference(ref string) bool { return IsReference(ref) }

var _ engine.Referenced = (*Loader)(nil)

// LoadStaged loads nothing: a commit holds no image.
func (l *Loader) LoadStaged(context.Context, *engine.Staged) ([]*engine.Target, error) {
	return nil, nil
}
