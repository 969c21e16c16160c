package image

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/secrets"
)

// Trust is what a Verifier found for one image: the input document's
// "signatures" and "attestations", and the documents of the SBOM
// attestations that count (verified, about this image), judged as SBOMs
// of the image.
type Trust struct {
	Signatures   map[string]any
	Attestations []any
	SBOMs        [][]byte
}

// Verifier looks up and verifies the signatures and attestations of an
// image in its registry (engine/imagetrust). It returns the document's
// "signatures" object and "attestations" list (docs/image-input.md) with
// the attested SBOMs; what it cannot look up or verify it says there, so
// it returns no error.
type Verifier interface {
	Verify(ctx context.Context, digest name.Digest, opts ...remote.Option) Trust
}

// IndexVerifier is a Verifier that also looks up what signs or attests
// the index a platform's manifest was chosen from: cosign signs a
// multi-platform image by its index digest, and the index pins the
// manifest. Each entry it returns says which digest it is about.
type IndexVerifier interface {
	VerifyIndexed(ctx context.Context, manifest, index name.Digest, opts ...remote.Option) Trust
}

// Options tune a Loader.
type Options struct {
	// Platform, "os/arch[/variant]", picks one platform of a
	// multi-platform image; "" judges every platform.
	Platform string
	// InsecureRegistries may be spoken to over plain HTTP (HOST: any
	// port; HOST:PORT: that port). Loopback registries always may.
	InsecureRegistries []string
	// NoFileSystem leaves the layers unread: the document's filesystem
	// says it was not walked.
	NoFileSystem bool
	// Limits bound the filesystem walk; zero fields take the defaults.
	Limits Limits
	// Keychain finds registry credentials; nil is go-containerregistry's
	// default keychain (docker config, credential helpers).
	Keychain authn.Keychain
	// ParseSBOM reads an SBOM attested for an image into a target of the
	// SBOM kind (the SBOM loader's Parse); nil leaves attested SBOMs to the
	// attestation facts alone.
	ParseSBOM func(id string, doc []byte) (*engine.Target, error)
	// NoBaseLookup leaves the base images images record unlooked-up, so
	// whether a base is current stays unknown (offline runs).
	NoBaseLookup bool
	// Verifier fills the signatures and attestations of registry images;
	// nil says they were not checked.
	Verifier Verifier
	// Transport carries registry requests; nil is remote.DefaultTransport.
	// Plain HTTP is refused under it whatever it is (internal/registryhttp).
	Transport http.RoundTripper
	// Scanner finds secrets in files and values; nil builds one
	// (secrets.New) the first time an image is read.
	Scanner *secrets.Scanner
}

// Loader reads container images into targets. It is safe for concurrent
// use.
type Loader struct {
	opts    Options
	scanner func() (*secrets.Scanner, error)
}

// New returns a Loader.
func New(opts Options) *Loader {
	l := &Loader{opts: opts}
	if opts.Scanner != nil {
		l.scanner = func() (*secrets.Scanner, error) { return opts.Scanner, nil }
	} else {
		l.scanner = sync.OnceValues(secrets.New)
	}
	return l
}

var _ engine.Loader = (*Loader)(nil)

// ParsePlatform reads an "os/arch[/variant]" platform.
func ParsePlatform(s string) (*v1.Platform, error) {
	p, err := v1.ParsePlatform(s)
	if err != nil || p.OS == "" || p.Architecture == "" || p.OSVersion != "" {
		return nil, fmt.Errorf("platform %q: want os/arch[/variant], e.g. linux/arm64", s)
	}
	return p, nil
}

// candidate is one image manifest a reference leads to.
type candidate struct {
	img         v1.Image
	indexDigest string       // the index it was chosen from; "" when none
	platform    *v1.Platform // the index's word for its platform
	several     bool         // one platform of several
	// blob opens layer i's blob as stored; nil: the image's own
	// (v1.Layer.Compressed).
	blob func(i int) func() (io.ReadCloser, error)
}

// source is what a reference opened: the images to judge and their name.
type source struct {
	naming       naming
	images       []candidate
	remote       []remote.Option // registry images: how to reach the registry again
	repo         name.Repository
	whyUnchecked string // why signatures are not looked up; "" for a registry
}

// Load reads the image ref names: one target per manifest judged (per
// platform of a multi-platform image). An image that cannot be fetched or
// read is an error, never an empty result; with several platforms, those
// that loaded come back with a Diagnostic per one that did not.
func (l *Loader) Load(ctx context.Context, arg string) ([]*engine.Target, error) {
	ref, err := ParseReference(arg)
	if err != nil {
		return nil, err
	}
	var want *v1.Platform
	if l.opts.Platform != "" {
		if want, err = ParsePlatform(l.opts.Platform); err != nil {
			return nil, err
		}
	}
	var src *source
	switch ref.Source {
	case SourceRegistry:
		src, err = l.openRegistry(ctx, ref, want)
	case SourceLayout:
		src, err = openLayout(ref, want)
	case SourceArchive:
		src, err = openArchive(ref, want)
	}
	if err != nil {
		return nil, err
	}
	sc, err := l.scanner()
	if err != nil {
		return nil, err
	}
	var targets []*engine.Target
	var diags engine.Diagnostics
	for _, c := range src.images {
		t, sbomDocs, err := l.target(ctx, ref, src, c, sc)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			id := arg
			if c.several && c.platform != nil {
				id += "@" + platformPath(*c.platform)
			}
			diags = append(diags, engine.Diagnostic{File: id, Message: err.Error()})
			continue
		}
		// An image not checked has no SBOMs (trust gives none).
		sboms, more := l.sbomTargets(t, sbomDocs)
		targets, diags = append(append(targets, t), sboms...), append(diags, more...)
	}
	return targets, diags.Err()
}

// target reads one image manifest into a target, with the documents of
// the SBOMs attested for it.
func (l *Loader) target(ctx context.Context, ref Reference, src *source, c candidate, sc *secrets.Scanner) (*engine.Target, [][]byte, error) {
	mf, err := readManifest(c.img)
	if err != nil {
		return nil, nil, err
	}
	platform := platformOf(mf.config, c.platform)
	doc := document(ref, src.naming, mf, c.indexDigest, platform, &redactor{scanner: sc})
	// Signatures are looked up while the layers are read: one waits on the
	// registry, the other on the CPU.
	var tr Trust
	looked := make(chan struct{})
	go func() {
		defer close(looked)
		tr = l.trust(ctx, src, c, mf.digest)
	}()
	based := make(chan struct{})
	go func() {
		defer close(based)
		l.baseCurrency(ctx, doc["base"].(map[string]any), platform)
	}()
	fs := notWalked("not walked (--no-image-fs)")
	if !l.opts.NoFileSystem {
		layers, err := layerSources(c, mf.manifest)
		if err == nil {
			fs, err = walk(ctx, layers, l.opts.Limits, sc)
		}
		if err != nil {
			<-looked
			<-based
			return nil, nil, err
		}
	}
	<-looked
	<-based
	doc["filesystem"] = fs.document()
	doc["signatures"], doc["attestations"] = tr.Signatures, tr.Attestations
	id := ref.Raw
	plat := cmp.Or(platformPath(platform), "unknown") // a config that names no platform
	if c.several {
		id += "@" + plat
	}
	return &engine.Target{
		Kind:     Kind,
		ID:       id,
		Identity: engine.Identity{Repo: src.naming.identity, Path: plat},
		Path:     ref.Raw,
		Digest:   mf.digest.String(),
		Owner:    ownerLabel(mf.config),
		Input:    doc,
	}, tr.SBOMs, nil
}

// ownerLabels name an image's owning team, first found wins: paved's own
// label, then the common owner and team labels.
var ownerLabels = []string{"dev.paved.owner", "owner", "team"}

// ownerLabel is the team an image's labels name, "" when none does.
func ownerLabel(cfg *v1.ConfigFile) string {
	if cfg == nil {
		return ""
	}
	for _, k := range ownerLabels {
		if v := strings.TrimSpace(cfg.Config.Labels[k]); v != "" && len(v) <= 256 {
			return v
		}
	}
	return ""
}

// trust is the signatures, attestations and attested SBOMs of an image:
// the Verifier's word for a registry image, unchecked (saying why, with no
// SBOMs) otherwise.
func (l *Loader) trust(ctx context.Context, src *source, c candidate, digest v1.Hash) Trust {
	switch {
	case src.whyUnchecked != "":
		return Trust{Signatures: unchecked(src.whyUnchecked), Attestations: []any{}}
	case l.opts.Verifier == nil:
		return Trust{Signatures: unchecked("no signature verifier is configured for this run"), Attestations: []any{}}
	}
	manifest := src.repo.Digest(digest.String())
	var tr Trust
	if iv, ok := l.opts.Verifier.(IndexVerifier); ok && c.indexDigest != "" {
		tr = iv.VerifyIndexed(ctx, manifest, src.repo.Digest(c.indexDigest), src.remote...)
	} else {
		tr = l.opts.Verifier.Verify(ctx, manifest, src.remote...)
	}
	if tr.Signatures == nil {
		tr.Signatures = unchecked("the signature verifier said nothing")
	}
	if tr.Attestations == nil {
		tr.Attestations = []any{}
	}
	return tr
}

// foreign layers are not distributed with the image: their blobs live
// elsewhere (Windows base layers) and are not read.
func foreign(mt types.MediaType) bool {
	return !mt.IsDistributable()
}

// layerSources are the blobs of an image's layers, base first.
func layerSources(c candidate, m *v1.Manifest) ([]layerSource, error) {
	ls, err := c.img.Layers()
	if err != nil {
		return nil, fmt.Errorf("read layers: %w", err)
	}
	if len(ls) != len(m.Layers) {
		return nil, fmt.Errorf("manifest lists %d layers, the image has %d", len(m.Layers), len(ls))
	}
	out := make([]layerSource, len(ls))
	for i, layer := range ls {
		d := m.Layers[i]
		out[i] = layerSource{digest: d.Digest.String(), size: d.Size, open: layer.Compressed}
		switch {
		case foreign(d.MediaType):
			out[i].open = func() (io.ReadCloser, error) {
				return nil, bound("layer %s is a foreign layer (%s), not distributed with the image, and was not read", d.Digest, d.MediaType)
			}
		case c.blob != nil:
			out[i].open = c.blob(i)
		}
	}
	return out, nil
}

// pick chooses the images of an index: every platform, or the one want
// names. Attestation manifests and unknown/unknown entries are skipped;
// nested indexes are followed a few levels down.
func pick(idx v1.ImageIndex, want *v1.Platform) ([]candidate, error) {
	digest, err := idx.Digest()
	if err != nil {
		return nil, err
	}
	var all []candidate
	if err := leaves(idx, 0, func(c candidate) { all = append(all, c) }); err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("index %s holds no image for a platform", digest)
	}
	var out []candidate
	var have []string
	for _, c := range all {
		c.indexDigest, c.several = digest.String(), len(all) > 1
		if c.platform == nil {
			// An entry without a platform: its config says.
			cfg, err := configOf(c.img)
			if err != nil {
				return nil, err
			}
			p := platformOf(cfg, nil)
			c.platform = &p
		}
		have = append(have, platformPath(*c.platform))
		if want == nil || c.platform.Satisfies(*want) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no image for %s in index %s; it holds %s", platformPath(*want), digest, strings.Join(have, ", "))
	}
	return out, nil
}

// maxIndexDepth bounds nested indexes.
const maxIndexDepth = 4

func leaves(idx v1.ImageIndex, depth int, add func(candidate)) error {
	im, err := idx.IndexManifest()
	if err != nil {
		return fmt.Errorf("read index: %w", err)
	}
	for _, d := range im.Manifests {
		if d.Annotations["vnd.docker.reference.type"] == "attestation-manifest" ||
			(d.Platform != nil && d.Platform.OS == "unknown" && d.Platform.Architecture == "unknown") {
			continue
		}
		switch {
		case d.MediaType.IsIndex():
			if depth >= maxIndexDepth {
				return fmt.Errorf("indexes nested more than %d deep", maxIndexDepth)
			}
			child, err := idx.ImageIndex(d.Digest)
			if err != nil {
				return fmt.Errorf("read index %s: %w", d.Digest, err)
			}
			if err := leaves(child, depth+1, add); err != nil {
				return err
			}
		case d.MediaType.IsImage():
			img, err := idx.Image(d.Digest)
			if err != nil {
				return fmt.Errorf("read image %s: %w", d.Digest, err)
			}
			add(candidate{img: img, platform: d.Platform})
		}
	}
	return nil
}

// single is a lone image manifest, checked against the platform asked for.
func single(img v1.Image, want *v1.Platform) ([]candidate, error) {
	if want != nil {
		cfg, err := configOf(img)
		if err != nil {
			return nil, err
		}
		if p := platformOf(cfg, nil); !p.Satisfies(*want) {
			return nil, fmt.Errorf("the image is for %s, not %s", platformPath(p), platformPath(*want))
		}
	}
	return []candidate{{img: img}}, nil
}
