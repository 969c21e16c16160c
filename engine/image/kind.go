package image

import (
	"context"
	"regexp"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
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

// SuggestReference hints at image:// for an argument that looks like an
// image reference with a tag or digest (alpine:3.20, ghcr.io/acme/app@sha256:…)
// but names no file (engine.Referenced).
func (l *Loader) SuggestReference(arg string) string {
	if !strings.ContainsAny(arg, ":@") || IsReference(arg) || windowsDrive.MatchString(arg) {
		return ""
	}
	if _, err := name.ParseReference(arg); err != nil {
		return ""
	}
	return "an image? name it " + registryPrefix + arg
}

// windowsDrive is a path like C:\x or C:/x, which name would read as a
// registry.
var windowsDrive = regexp.MustCompile(`^[A-Za-z]:[/\\]`)

var _ engine.Referenced = (*Loader)(nil)

// LoadStaged loads nothing: a commit holds no image.
func (l *Loader) LoadStaged(context.Context, *engine.Staged) ([]*engine.Target, error) {
	return nil, nil
}
