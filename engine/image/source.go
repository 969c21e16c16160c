package image

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/paved-dev/paved/internal/registryhttp"
)

// registryName parses a registry reference (without image://), marked
// insecure when plain HTTP is allowed to its registry: go-containerregistry
// then tries HTTPS first, and HTTP after.
func (l *Loader) registryName(s string) (name.Reference, error) {
	named, err := name.ParseReference(s)
	if err != nil || !registryhttp.PlainHTTPAllowed(named.Context().RegistryStr(), l.opts.InsecureRegistries) {
		return named, err
	}
	return name.ParseReference(s, name.Insecure)
}

// remoteOptions reach registries: the keychain, and the transport that
// refuses plain HTTP where it is not allowed.
func (l *Loader) remoteOptions(ctx context.Context) []remote.Option {
	return registryhttp.RemoteOptions(ctx, l.opts.Keychain, l.opts.Transport, l.opts.InsecureRegistries, "name it with --insecure-image-registry to allow it")
}

// openRegistry resolves a registry reference: an index's platforms, or a
// lone image.
func (l *Loader) openRegistry(ctx context.Context, ref Reference, want *v1.Platform) (*source, error) {
	named, err := l.registryName(strings.TrimPrefix(ref.Raw, registryPrefix))
	if err != nil {
		return nil, err
	}
	reg := named.Context().Registry
	opts := l.remoteOptions(ctx)
	desc, err := remote.Get(named, opts...)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", named, err)
	}
	src := &source{remote: opts, repo: named.Context()}
	_, pinned := named.(name.Digest)
	src.naming = naming{registry: reg.RegistryStr(), repository: named.Context().Name(), tag: ref.Tag,
		pinned: pinned, identity: named.Context().Name()}
	switch {
	case desc.MediaType.IsIndex():
		idx, err := desc.ImageIndex()
		if err != nil {
			return nil, err
		}
		src.images, err = pick(idx, want)
		return src, err
	case desc.MediaType.IsImage():
		img, err := desc.Image()
		if err != nil {
			return nil, err
		}
		src.images, err = single(img, want)
		return src, err
	}
	return nil, fmt.Errorf("%s is not an image or an image index: its media type is %s", named, desc.MediaType)
}

// The annotations that name an image in an OCI layout: containerd's full
// name, and the OCI ref.name (a tag, or a full name as skopeo and crane
// write it).
const (
	containerdNameKey = "io.containerd.image.name"
	refNameKey        = "org.opencontainers.image.ref.name"
)

// openLayout opens an OCI image layout: the entry of index.json TAG names,
// or its only one.
func openLayout(ref Reference, want *v1.Platform) (*source, error) {
	p, err := layout.FromPath(ref.Path)
	if err != nil {
		return nil, fmt.Errorf("OCI layout %s: %w", ref.Path, err)
	}
	root, err := p.ImageIndex()
	if err != nil {
		return nil, fmt.Errorf("OCI layout %s: %w", ref.Path, err)
	}
	im, err := root.IndexManifest()
	if err != nil {
		return nil, fmt.Errorf("OCI layout %s: %w", ref.Path, err)
	}
	var entries []v1.Descriptor
	for _, d := range im.Manifests {
		if d.MediaType.IsImage() || d.MediaType.IsIndex() {
			entries = append(entries, d)
		}
	}
	var chosen []v1.Descriptor
	for _, d := range entries {
		if ref.Tag == "" || layoutTagged(d, ref.Tag) {
			chosen = append(chosen, d)
		}
	}
	if len(chosen) != 1 {
		return nil, ambiguous(ref, len(chosen), entries, layoutName)
	}
	d := chosen[0]
	src := &source{whyUnchecked: "signatures are looked up in a registry; an OCI layout is not one (judge the image by its image:// reference)"}
	src.naming = layoutNaming(d, ref)
	if d.MediaType.IsIndex() {
		idx, err := root.ImageIndex(d.Digest)
		if err != nil {
			return nil, fmt.Errorf("OCI layout %s: %w", ref.Path, err)
		}
		src.images, err = pick(idx, want)
		return src, err
	}
	img, err := root.Image(d.Digest)
	if err != nil {
		return nil, fmt.Errorf("OCI layout %s: %w", ref.Path, err)
	}
	src.images, err = single(img, want)
	return src, err
}

// layoutName is the full name an index.json entry gives its image, or
// its ref.name as written.
func layoutName(d v1.Descriptor) string {
	if n := d.Annotations[containerdNameKey]; n != "" {
		return n
	}
	return d.Annotations[refNameKey]
}

// fullName parses a name that names a repository (r.example/app:1), not a
// bare tag ("1").
func fullName(s string) (name.Reference, bool) {
	if !strings.ContainsAny(s, "/@") {
		return nil, false
	}
	r, err := name.ParseReference(s)
	return r, err == nil
}

func layoutTagged(d v1.Descriptor, tag string) bool {
	for _, n := range []string{d.Annotations[containerdNameKey], d.Annotations[refNameKey]} {
		if n == "" {
			continue
		}
		if n == tag {
			return true
		}
		if r, ok := fullName(n); ok && tagOf(n, r) == tag {
			return true
		}
	}
	return false
}

func layoutNaming(d v1.Descriptor, ref Reference) naming {
	n := naming{identity: filepath.ToSlash(filepath.Clean(ref.Path)), tag: ref.Tag}
	full := layoutName(d)
	if r, ok := fullName(full); ok {
		n.registry, n.repository, n.identity = r.Context().RegistryStr(), r.Context().Name(), r.Context().Name()
		n.tag = tagOf(full, r)
	} else if full != "" {
		n.tag = full
	}
	return n
}

// openArchive opens a docker save tarball: the image TAG names, or its
// only one.
func openArchive(ref Reference, want *v1.Platform) (*source, error) {
	opener := func() (io.ReadCloser, error) { return os.Open(ref.Path) }
	m, err := tarball.LoadManifest(opener)
	if err != nil {
		return nil, fmt.Errorf("docker archive %s: %w", ref.Path, err)
	}
	var chosen []tarball.Descriptor
	var tags []*name.Tag
	for _, d := range m {
		if ref.Tag == "" {
			chosen = append(chosen, d)
			tags = append(tags, nil)
			continue
		}
		if t := archiveTagged(d, ref.Tag); t != nil {
			chosen = append(chosen, d)
			tags = append(tags, t)
		}
	}
	if len(chosen) != 1 {
		return nil, ambiguous(ref, len(chosen), m, func(d tarball.Descriptor) string { return strings.Join(d.RepoTags, " ") })
	}
	d, tag := chosen[0], tags[0]
	if tag == nil && len(d.RepoTags) > 0 {
		if t, err := name.NewTag(d.RepoTags[0]); err == nil {
			tag = &t
		}
	}
	if len(m) > 1 && tag == nil {
		return nil, fmt.Errorf("docker archive %s: its image has no tag to pick it by", ref.Path)
	}
	var pickTag *name.Tag
	if len(m) > 1 {
		pickTag = tag
	}
	img, err := tarball.Image(opener, pickTag)
	if err != nil {
		return nil, fmt.Errorf("docker archive %s: %w", ref.Path, err)
	}
	src := &source{whyUnchecked: "signatures are looked up in a registry; a docker archive is not one (judge the image by its image:// reference)"}
	src.naming = naming{identity: filepath.ToSlash(filepath.Clean(ref.Path)), tag: ref.Tag}
	if tag != nil {
		src.naming = naming{registry: tag.RegistryStr(), repository: tag.Context().Name(), tag: tag.TagStr(), identity: tag.Context().Name()}
	}
	if src.images, err = single(img, want); err != nil {
		return nil, err
	}
	layers := d.Layers
	src.images[0].blob = func(i int) func() (io.ReadCloser, error) {
		return func() (io.ReadCloser, error) { return archiveMember(ref.Path, layers[i]) }
	}
	return src, nil
}

// archiveTagged is the RepoTags entry of d that tag names: the same tag
// however spelt (app:1, index.docker.io/library/app:1), or its tag alone.
func archiveTagged(d tarball.Descriptor, tag string) *name.Tag {
	want, werr := name.NewTag(tag)
	for _, rt := range d.RepoTags {
		t, err := name.NewTag(rt)
		if err != nil {
			continue
		}
		if rt == tag || (werr == nil && strings.ContainsAny(tag, ":/") && t.Name() == want.Name()) || (!strings.ContainsAny(tag, ":/") && t.TagStr() == tag) {
			return &t
		}
	}
	return nil
}

// ambiguous says why a layout or archive entry could not be chosen, listing
// what it holds.
func ambiguous[T any](ref Reference, n int, all []T, label func(T) string) error {
	kind := "OCI layout"
	if ref.Source == SourceArchive {
		kind = "docker archive"
	}
	var names []string
	for _, e := range all {
		l := label(e)
		if l == "" {
			l = "(no name)"
		}
		names = append(names, l)
	}
	slices.Sort(names)
	switch {
	case len(all) == 0:
		return fmt.Errorf("%s %s holds no image", kind, ref.Path)
	case n == 0:
		return fmt.Errorf("%s %s holds no image tagged %q; it holds %s", kind, ref.Path, ref.Tag, strings.Join(names, ", "))
	case ref.Tag == "":
		return fmt.Errorf("%s %s holds %d images: name one with %s%s:TAG (%s)", kind, ref.Path, len(all), prefixOf(ref.Source), ref.Path, strings.Join(names, ", "))
	}
	return fmt.Errorf("%s %s holds %d images tagged %q", kind, ref.Path, n, ref.Tag)
}

func prefixOf(s Source) string {
	if s == SourceArchive {
		return archivePrefix
	}
	return layoutPrefix
}

// archiveMember opens one file of a tarball as stored: a layer blob is
// read once, compressed or not, and never written out.
func archiveMember(file, member string) (io.ReadCloser, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	want := path.Clean(member)
	tr := tar.NewReader(f)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			f.Close()
			return nil, fmt.Errorf("%s holds no %s", file, member)
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if path.Clean(hdr.Name) == want {
			return struct {
				io.Reader
				io.Closer
			}{tr, f}, nil
		}
	}
}
