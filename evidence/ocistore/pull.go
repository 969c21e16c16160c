package ocistore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/paved-dev/paved/evidence/bundle"
)

// Pulled is a bundle fetched, verified and written.
type Pulled struct {
	Ref          name.Digest
	Dir          string
	Verification *bundle.Verification
}

// Pull fetches the bundle at ref into dst, a new (or empty) directory. It
// is written under a temporary name beside dst, verified with vopts as
// `paved evidence verify` does, and renamed to dst only when it verifies:
// a bundle that does not leaves nothing behind.
func Pull(ctx context.Context, ref, dst string, vopts bundle.VerifyOptions, o Options) (*Pulled, error) {
	if err := bundle.CheckDestination(dst); err != nil {
		return nil, err
	}
	r, err := ParseRef(ref)
	if err != nil {
		return nil, err
	}
	ropts := o.remote(ctx)
	desc, err := remote.Get(r, ropts...)
	if err != nil {
		return nil, fmt.Errorf("pull %s: %w", r, err)
	}
	if len(desc.Manifest) > maxManifest {
		return nil, fmt.Errorf("pull %s: manifest larger than %d bytes", r, maxManifest)
	}
	m, err := ParseManifest(desc.Manifest)
	if err != nil {
		return nil, fmt.Errorf("pull %s: %w", r, err)
	}
	dg := r.Context().Digest(desc.Digest.String())

	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dst)), ".paved-evidence-pull-*")
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if !done {
			_ = os.RemoveAll(tmp)
		}
	}()
	for _, l := range m.Layers {
		if err := fetchLayer(ctx, dg, l, tmp, ropts); err != nil {
			return nil, fmt.Errorf("pull %s: %s: %w", dg, l.Annotations[AnnotationTitle], err)
		}
	}
	v, err := bundle.Verify(ctx, tmp, vopts)
	if err != nil {
		return nil, fmt.Errorf("pull %s: %w", dg, err)
	}
	// An empty destination (CheckDestination) goes first: rename does not
	// replace a directory.
	if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
		_ = os.Remove(dst)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return nil, err
	}
	done = true
	v.Path = dst
	return &Pulled{Ref: dg, Dir: dst, Verification: v}, nil
}

// fetchLayer writes one layer to dir under its title, checking its size
// and digest as it streams (go-containerregistry checks the digest too).
func fetchLayer(ctx context.Context, ref name.Digest, d v1.Descriptor, dir string, ropts []remote.Option) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l, err := remote.Layer(ref.Context().Digest(d.Digest.String()), ropts...)
	if err != nil {
		return err
	}
	rc, err := l.Compressed()
	if err != nil {
		return err
	}
	defer rc.Close()
	h := sha256.New()
	cr := &counted{r: io.LimitReader(rc, d.Size+1)}
	if err := writeFile(dir, d.Annotations[AnnotationTitle], io.TeeReader(cr, h)); err != nil {
		return err
	}
	if cr.n != d.Size {
		return fmt.Errorf("%d bytes, the manifest says %d", cr.n, d.Size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != d.Digest.Hex {
		return fmt.Errorf("sha256 %s, the manifest says %s", got, d.Digest.Hex)
	}
	return nil
}

type counted struct {
	r io.Reader
	n int64
}

func (c *counted) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ParseManifest reads an evidence manifest and checks what Pull relies
// on: the artifact type, and layers that each name one file inside the
// bundle by a sha256 digest, within the bounds.
func ParseManifest(b []byte) (*v1.Manifest, error) {
	if len(b) > maxManifest {
		return nil, fmt.Errorf("manifest larger than %d bytes", maxManifest)
	}
	var m v1.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	if m.ArtifactType != ArtifactType {
		return nil, fmt.Errorf("not an evidence bundle: artifactType %q, want %q", m.ArtifactType, ArtifactType)
	}
	seen := map[string]bool{}
	var total int64
	for i, l := range m.Layers {
		t := l.Annotations[AnnotationTitle]
		if err := checkEntry(t, true, l.Size, i, &total); err != nil {
			return nil, fmt.Errorf("layer %d: %w", i, err)
		}
		if seen[t] {
			return nil, fmt.Errorf("layer %d: %s appears twice", i, t)
		}
		seen[t] = true
		if l.Digest.Algorithm != "sha256" || len(l.Digest.Hex) != 64 {
			return nil, fmt.Errorf("layer %d (%s): digest %q is not sha256", i, t, l.Digest)
		}
	}
	if !seen[bundle.ManifestFile] || !seen[bundle.AttestationFile] {
		return nil, fmt.Errorf("no %s or %s layer", bundle.ManifestFile, bundle.AttestationFile)
	}
	return &m, nil
}
