package ocistore

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/paved-dev/paved/evidence/bundle"
)

// Pushed is a bundle stored in a registry.
type Pushed struct {
	Ref name.Digest // repository@sha256:… of the manifest
	// Digest is the bundle's own digest (bundle.Digest), which chains and
	// the history store name it by: not the manifest's.
	Digest  string
	Tag     string
	Files   int
	RunID   string
	Scope   string
	Created time.Time
}

// Push stores the bundle at src (a directory or .tar.gz) under ref. The
// bundle's integrity is checked first: a registry never receives a bundle
// that does not verify (its signature is for the puller to check). What is
// pushed is what was verified: an archive is extracted once, that copy is
// verified, and every file is checked against the verified sums.
func Push(ctx context.Context, ref, src string, o Options) (*Pushed, error) {
	r, err := ParseRef(ref)
	if err != nil {
		return nil, err
	}
	if _, ok := r.(name.Digest); ok {
		return nil, fmt.Errorf("push %s: give a tag, not a digest (the registry computes the digest)", ref)
	}
	unsigned := bundle.VerifyOptions{Unsigned: true}
	dir := src
	fi, err := os.Stat(src)
	if err != nil {
		return nil, &bundle.UnreadableError{Path: src, Err: err}
	}
	if !fi.IsDir() {
		tmp, err := os.MkdirTemp("", "paved-evidence-push-*")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		if err := extract(ctx, src, tmp); err != nil {
			// What a bundle may not hold (a link, a path outside it, a
			// file twice), Verify names, as for any bundle.
			if _, verr := bundle.Verify(ctx, src, unsigned); verr != nil {
				return nil, verr
			}
			return nil, &bundle.UnreadableError{Path: src, Err: err}
		}
		dir = tmp
	}
	v, err := bundle.Verify(ctx, dir, unsigned)
	if err != nil {
		// Name the source, not the temporary copy.
		var ve *bundle.VerifyError
		var ue *bundle.UnreadableError
		switch {
		case errors.As(err, &ve):
			ve.Path = src
		case errors.As(err, &ue):
			ue.Path = src
		}
		return nil, err
	}
	layers, err := fileLayers(dir, v)
	if err != nil {
		return nil, fmt.Errorf("evidence %s: %w", src, err)
	}

	ropts := o.remote(ctx)
	cfg := static.NewLayer([]byte("{}"), types.OCIEmptyJSON)
	m := v1.Manifest{
		SchemaVersion: 2,
		MediaType:     types.OCIManifestSchema1,
		ArtifactType:  ArtifactType,
		Annotations:   map[string]string{AnnotationRunID: v.Attests.Run.ID},
	}
	if m.Config, err = describe(cfg, nil); err != nil {
		return nil, err
	}
	if err := remote.WriteLayer(r.Context(), cfg, ropts...); err != nil {
		return nil, fmt.Errorf("push %s: %w", r, err)
	}
	for _, l := range layers {
		d, err := describe(l, map[string]string{AnnotationTitle: l.name})
		if err != nil {
			return nil, err
		}
		m.Layers = append(m.Layers, d)
		if err := remote.WriteLayer(r.Context(), l, ropts...); err != nil {
			return nil, fmt.Errorf("push %s: %s: %w", r, l.name, err)
		}
	}
	p := &Pushed{Digest: v.Digest, Tag: r.Identifier(), Files: len(layers), RunID: v.Attests.Run.ID, Created: v.Attests.Run.FinishedAt.UTC()}
	// The scope the bundle chains along, as its predicate says, so that
	// the bundles of a scope are found without pulling every one.
	p.Scope = v.Attests.Scope
	if p.Scope != "" {
		m.Annotations[AnnotationScope] = p.Scope
	}
	if !p.Created.IsZero() {
		m.Annotations[AnnotationCreated] = p.Created.Format(time.RFC3339)
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	if err := remote.Put(r, rawManifest(raw), ropts...); err != nil {
		return nil, fmt.Errorf("push %s: %w", r, err)
	}
	sum := sha256.Sum256(raw)
	p.Ref = r.Context().Digest("sha256:" + hex.EncodeToString(sum[:]))
	return p, nil
}

// rawManifest is a manifest pushed byte for byte as written.
type rawManifest []byte

func (m rawManifest) RawManifest() ([]byte, error)        { return m, nil }
func (m rawManifest) MediaType() (types.MediaType, error) { return types.OCIManifestSchema1, nil }

func describe(l v1.Layer, ann map[string]string) (v1.Descriptor, error) {
	d := v1.Descriptor{Annotations: ann}
	var err error
	if d.MediaType, err = l.MediaType(); err != nil {
		return d, err
	}
	if d.Digest, err = l.Digest(); err != nil {
		return d, err
	}
	d.Size, err = l.Size()
	return d, err
}

// fileLayers makes a layer of every file under dir, checking each against
// what Verify verified (v): manifest.json and attestation.json against its
// sums, the rest against that manifest's entries. A file changed since, or
// a whole other bundle put in its place, is not pushed.
func fileLayers(dir string, v *bundle.Verification) ([]*fileLayer, error) {
	mb, err := readBounded(filepath.Join(dir, bundle.ManifestFile))
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(mb); hex.EncodeToString(sum[:]) != v.ManifestSHA256 {
		return nil, fmt.Errorf("%s: changed since it was verified", bundle.ManifestFile)
	}
	var man bundle.Manifest
	if err := json.Unmarshal(mb, &man); err != nil {
		return nil, fmt.Errorf("%s: %w", bundle.ManifestFile, err)
	}
	listed := map[string]bundle.FileEntry{}
	for _, f := range man.Files {
		listed[f.Path] = f
	}
	var out []*fileLayer
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", p)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		l, err := newFileLayer(p, filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		var ok bool
		switch l.name {
		case bundle.ManifestFile:
			ok = l.digest.Hex == v.ManifestSHA256
		case bundle.AttestationFile:
			ok = "sha256:"+l.digest.Hex == v.Digest
		default:
			e, in := listed[l.name]
			ok = in && e.SHA256 == l.digest.Hex && e.Size == l.size
		}
		if !ok {
			return fmt.Errorf("%s: changed since it was verified", l.name)
		}
		out = append(out, l)
		return nil
	})
	if err == nil && len(out) != len(listed)+2 {
		err = fmt.Errorf("%d files, %d verified: a file was removed since", len(out), len(listed)+2)
	}
	return out, err
}

// readBounded reads a file of a bundle, within bundle.MaxFileSize.
func readBounded(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, bundle.MaxFileSize+1))
	if err == nil && int64(len(b)) > bundle.MaxFileSize {
		err = fmt.Errorf("%s: larger than %d bytes", filepath.Base(p), bundle.MaxFileSize)
	}
	return b, err
}

// fileLayer is one file of a bundle as a layer, stored as it is
// (uncompressed), so its digest is the sha256 manifest.json lists.
type fileLayer struct {
	path, name string
	digest     v1.Hash
	size       int64
}

func newFileLayer(p, name string) (*fileLayer, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, bundle.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if n > bundle.MaxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, bundle.MaxFileSize)
	}
	return &fileLayer{path: p, name: name, size: n, digest: v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(h.Sum(nil))}}, nil
}

func (l *fileLayer) Digest() (v1.Hash, error)             { return l.digest, nil }
func (l *fileLayer) DiffID() (v1.Hash, error)             { return l.digest, nil }
func (l *fileLayer) Size() (int64, error)                 { return l.size, nil }
func (l *fileLayer) Compressed() (io.ReadCloser, error)   { return os.Open(l.path) }
func (l *fileLayer) Uncompressed() (io.ReadCloser, error) { return os.Open(l.path) }
func (l *fileLayer) MediaType() (types.MediaType, error)  { return mediaType(l.name), nil }

func mediaType(name string) types.MediaType {
	switch {
	case name == bundle.AttestationFile:
		return AttestationMediaType
	case strings.HasSuffix(name, ".json"):
		return JSONMediaType
	case strings.HasSuffix(name, ".sarif"):
		return SARIFMediaType
	}
	return FileMediaType
}

// extract unpacks a bundle archive into dir, with the bounds Pull keeps.
func extract(ctx context.Context, archive, dir string) error {
	f, err := os.Open(archive)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	var total int64
	for n := 0; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if hdr.Typeflag == tar.TypeDir {
			continue
		}
		name := strings.TrimPrefix(hdr.Name, "./")
		if err := checkEntry(name, hdr.Typeflag == tar.TypeReg, hdr.Size, n, &total); err != nil {
			return err
		}
		if err := writeFile(dir, name, io.LimitReader(tr, hdr.Size)); err != nil {
			return err
		}
	}
}

// checkEntry keeps a file of a bundle within bounds and inside it.
func checkEntry(name string, regular bool, size int64, n int, total *int64) error {
	switch {
	case !regular:
		return fmt.Errorf("%s: not a regular file", name)
	case !fs.ValidPath(name) || name == "." || path.Clean(name) != name:
		return fmt.Errorf("%q: not a path inside the bundle", name)
	case n >= bundle.MaxFiles:
		return fmt.Errorf("more than %d files", bundle.MaxFiles)
	case size < 0 || size > bundle.MaxFileSize:
		return fmt.Errorf("%s: larger than %d bytes", name, bundle.MaxFileSize)
	}
	if *total += size; *total > bundle.MaxTotalSize {
		return fmt.Errorf("more than %d bytes", int64(bundle.MaxTotalSize))
	}
	return nil
}

// writeFile creates dir/name, never over an existing file.
func writeFile(dir, name string, r io.Reader) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
