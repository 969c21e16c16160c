package image

import (
	"fmt"
	"os"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// Source is where an image is read from.
type Source string

// The sources an image reference names.
const (
	SourceRegistry Source = "registry"
	SourceLayout   Source = "oci-layout"
	SourceArchive  Source = "docker-archive"
)

// The prefixes that make an argument an image reference rather than a path.
const (
	registryPrefix = "image://"
	layoutPrefix   = "oci:"
	archivePrefix  = "docker-archive:"
)

// Reference is an image argument taken apart.
type Reference struct {
	Raw    string // as the user gave it
	Source Source
	// Tag is the tag the registry reference names, implied "latest"
	// included; for a layout or an archive, the TAG after its path. ""
	// when the reference names only a digest, or no TAG was given.
	Tag string
	// Path is the layout directory or the archive file.
	Path string
}

// IsReference reports whether an argument names an image rather than a
// path: image://…, oci:… or docker-archive:….
func IsReference(arg string) bool {
	return strings.HasPrefix(arg, registryPrefix) || strings.HasPrefix(arg, layoutPrefix) || strings.HasPrefix(arg, archivePrefix)
}

// ParseReference takes an image argument apart. A layout's or archive's
// TAG may hold colons (oci:dir:r.example/app:1), so the path is the
// longest prefix that exists, and without one everything up to the first
// colon.
func ParseReference(arg string) (Reference, error) {
	return parseReference(arg, exists)
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func parseReference(arg string, exists func(string) bool) (Reference, error) {
	r := Reference{Raw: arg}
	switch {
	case strings.HasPrefix(arg, registryPrefix):
		r.Source = SourceRegistry
		rest := strings.TrimPrefix(arg, registryPrefix)
		ref, err := name.ParseReference(rest)
		if err != nil {
			return r, fmt.Errorf("not an image reference (want image://REGISTRY/REPOSITORY[:TAG|@DIGEST]): %w", err)
		}
		r.Tag = tagOf(rest, ref)
		return r, nil
	case strings.HasPrefix(arg, layoutPrefix):
		r.Source = SourceLayout
		r.Path, r.Tag = splitPath(strings.TrimPrefix(arg, layoutPrefix), exists)
	case strings.HasPrefix(arg, archivePrefix):
		r.Source = SourceArchive
		r.Path, r.Tag = splitPath(strings.TrimPrefix(arg, archivePrefix), exists)
	default:
		return r, fmt.Errorf("not an image reference: want image://, oci: or docker-archive:")
	}
	if r.Path == "" {
		return r, fmt.Errorf("no path after %q", string(r.Source)+":")
	}
	return r, nil
}

// tagOf is the tag a registry reference names: "latest" when it names
// neither tag nor digest (what a pull fetches), the tag beside a digest
// (app:1@sha256:…), "" for a digest alone.
func tagOf(raw string, ref name.Reference) string {
	if t, ok := ref.(name.Tag); ok {
		return t.TagStr()
	}
	before, _, _ := strings.Cut(raw, "@")
	slash := strings.LastIndexByte(before, '/')
	if i := strings.LastIndexByte(before, ':'); i > slash {
		return before[i+1:]
	}
	return ""
}

// splitPath splits PATH[:TAG]: the longest prefix ending before a colon
// that exists is the path, else the part before the first colon.
func splitPath(s string, exists func(string) bool) (p, tag string) {
	if s == "" || exists(s) {
		return s, ""
	}
	for i := len(s) - 1; i > 0; i-- {
		if s[i] == ':' && exists(s[:i]) {
			return s[:i], s[i+1:]
		}
	}
	if before, after, ok := strings.Cut(s, ":"); ok {
		return before, after
	}
	return s, ""
}
