package oci

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/policybundle"
)

// Pulled is a bundle fetched (or found in the cache) and checked.
type Pulled struct {
	Ref       name.Digest // repository@sha256:… of the manifest
	Bundle    *policybundle.Bundle
	CachePath string // the cache entry holding manifest.json and bundle.tar.gz
	Cached    bool   // served from the cache, nothing downloaded
	// Verified says which key verified the signature; nil when Pull was
	// given no key.
	Verified *Verification
}

// Pull resolves ref, takes the bundle from the cache when its digest is
// there (a tag costs one HEAD request; a digest reference none at all), or
// downloads it, checks every digest on the way and caches it. With a
// verifier, a bundle without a valid signature for its digest is refused
// before it is read.
func Pull(ctx context.Context, ref string, verifier *Verifier, o Options) (*Pulled, error) {
	if o.CacheDir == "" {
		return nil, errors.New("pull: no cache directory")
	}
	r, err := ParseRef(ref, o)
	if err != nil {
		return nil, err
	}
	lim := o.Limits
	var dg v1.Hash
	if d, ok := r.(name.Digest); ok {
		if dg, err = v1.NewHash(d.DigestStr()); err != nil {
			return nil, fmt.Errorf("bundle reference %s: %w", ref, err)
		}
	} else {
		desc, err := remote.Head(r, o.remote(ctx)...)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w (a digest reference, @sha256:…, is served from the cache without the registry)", r, err)
		}
		dg = desc.Digest
	}
	if dg.Algorithm != "sha256" {
		return nil, fmt.Errorf("bundle %s: digest algorithm %s is not supported", r, dg.Algorithm)
	}
	p := &Pulled{Ref: r.Context().Digest(dg.String())}
	c := cache{dir: o.CacheDir}
	entry, err := c.load(dg, lim)
	if err != nil {
		// A damaged entry is fetched again rather than trusted or fatal.
		slog.Warn("policy bundle cache entry unusable; fetching again", "digest", dg.String(), "err", err)
	}
	if entry != nil {
		p.Cached = true
	} else {
		if entry, err = fetch(ctx, p.Ref, dg, o); err != nil {
			return nil, err
		}
		if err := c.store(dg, entry); err != nil {
			return nil, fmt.Errorf("cache bundle %s: %w", p.Ref, err)
		}
	}
	p.CachePath = c.path(dg)
	if verifier != nil {
		v, sigs, err := verify(ctx, p.Ref, dg, verifier, entry.signatures, o)
		if err != nil {
			return nil, err
		}
		if len(sigs) > 0 {
			if err := c.storeSignatures(dg, sigs); err != nil {
				return nil, fmt.Errorf("cache signatures of %s: %w", p.Ref, err)
			}
		}
		p.Verified = v
	}
	if p.Bundle, err = policybundle.Read(entry.archive, lim); err != nil {
		return nil, fmt.Errorf("%s: %w", p.Ref, err)
	}
	return p, nil
}

// entry is one bundle: its manifest, archive and known signatures.
type entry struct {
	manifest   []byte
	archive    []byte
	signatures []Signature
}

// fetch downloads the manifest and the bundle layer of dg, checking each
// against its digest.
func fetch(ctx context.Context, ref name.Digest, dg v1.Hash, o Options) (*entry, error) {
	desc, err := remote.Get(ref, o.remote(ctx)...)
	if err != nil {
		return nil, fmt.Errorf("pull %s: %w", ref, err)
	}
	if len(desc.Manifest) > maxManifest {
		return nil, fmt.Errorf("pull %s: manifest larger than %d bytes", ref, maxManifest)
	}
	layer, err := bundleLayer(desc.Manifest, dg, o.Limits)
	if err != nil {
		return nil, fmt.Errorf("pull %s: %w", ref, err)
	}
	rl, err := remote.Layer(ref.Context().Digest(layer.Digest.String()), o.remote(ctx)...)
	if err != nil {
		return nil, fmt.Errorf("pull %s: %w", ref, err)
	}
	rc, err := rl.Compressed()
	if err != nil {
		return nil, fmt.Errorf("pull %s: bundle layer: %w", ref, err)
	}
	archive, err := engine.ReadAllLimit(rc, layer.Size)
	rc.Close()
	if err != nil {
		return nil, fmt.Errorf("pull %s: bundle layer: %w", ref, err)
	}
	if err := checkDigest(archive, layer.Digest); err != nil {
		return nil, fmt.Errorf("pull %s: bundle layer: %w", ref, err)
	}
	return &entry{manifest: desc.Manifest, archive: archive}, nil
}

// bundleLayer checks a manifest against its digest and finds the bundle
// layer as OPA does: the first of type BundleLayer.
func bundleLayer(raw []byte, dg v1.Hash, lim policybundle.Limits) (*v1.Descriptor, error) {
	if err := checkDigest(raw, dg); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	m, err := v1.ParseManifest(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	if m.MediaType.IsIndex() {
		return nil, errors.New("an image index, not a policy bundle; push one with paved policy push")
	}
	maxArchive := lim.Archive
	if maxArchive <= 0 {
		maxArchive = policybundle.DefaultArchive
	}
	for i := range m.Layers {
		l := &m.Layers[i]
		if l.MediaType != BundleLayer {
			continue
		}
		if l.Size <= 0 || l.Size > maxArchive {
			return nil, fmt.Errorf("bundle layer is %d bytes; the limit is %d", l.Size, maxArchive)
		}
		return l, nil
	}
	return nil, fmt.Errorf("no %s layer: not a policy bundle", types.OCILayer)
}

func checkDigest(b []byte, want v1.Hash) error {
	sum := sha256.Sum256(b)
	if want.Algorithm != "sha256" || hex.EncodeToString(sum[:]) != want.Hex {
		return fmt.Errorf("content is sha256:%x, not %s", sum, want)
	}
	return nil
}

// cache keeps bundles by manifest digest: dir/sha256-<hex>/ holds
// manifest.json, bundle.tar.gz and signatures.json. Everything is checked
// against the digest on every load, so a damaged entry is never used.
type cache struct{ dir string }

func (c cache) path(dg v1.Hash) string {
	return filepath.Join(c.dir, dg.Algorithm+"-"+dg.Hex)
}

func (c cache) load(dg v1.Hash, lim policybundle.Limits) (*entry, error) {
	dir := c.path(dg)
	raw, err := engine.ReadFileLimit(filepath.Join(dir, "manifest.json"), maxManifest)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	layer, err := bundleLayer(raw, dg, lim)
	if err != nil {
		return nil, err
	}
	archive, err := engine.ReadFileLimit(filepath.Join(dir, "bundle.tar.gz"), layer.Size)
	if err != nil {
		return nil, err
	}
	if err := checkDigest(archive, layer.Digest); err != nil {
		return nil, fmt.Errorf("bundle.tar.gz: %w", err)
	}
	e := &entry{manifest: raw, archive: archive}
	if b, err := engine.ReadFileLimit(filepath.Join(dir, "signatures.json"), maxSignatures*(maxPayload*2)); err == nil {
		// Cached signatures are re-verified before use, so a bad file only
		// costs a fetch.
		_ = json.Unmarshal(b, &e.signatures)
	}
	return e, nil
}

// store writes an entry into a temporary directory and renames it into
// place, so a reader sees a whole entry or none.
func (c cache) store(dg v1.Hash, e *entry) error {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(c.dir, ".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "manifest.json"), e.manifest, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "bundle.tar.gz"), e.archive, 0o644); err != nil {
		return err
	}
	dst := c.path(dg)
	// A damaged entry found by load is replaced.
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil && !isExist(err) {
		return err
	}
	return nil
}

func (c cache) storeSignatures(dg v1.Hash, sigs []Signature) error {
	b, err := json.Marshal(sigs)
	if err != nil {
		return err
	}
	dir := c.path(dg)
	f, err := os.CreateTemp(dir, ".sig-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	_, werr := f.Write(b)
	if err := errors.Join(werr, f.Close()); err != nil {
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, "signatures.json"))
}

func isExist(err error) bool {
	return errors.Is(err, os.ErrExist) || strings.Contains(err.Error(), "directory not empty")
}
