package check

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/dockerfile"
	"github.com/paved-dev/paved/engine/exclude"
	"github.com/paved-dev/paved/engine/image"
	"github.com/paved-dev/paved/engine/repo"
	"github.com/paved-dev/paved/engine/sbom"
	"github.com/paved-dev/paved/engine/terraform"
)

// newKinds configures the loader of every target kind for one run. This is
// the one place a kind is registered. The order decides which kind a file
// is read as when several could claim it: a JSON plan is Terraform's
// before it is a candidate SBOM.
func newKinds(opts Options, ex *exclude.Matcher, advisories sbom.AdvisoryDB) []engine.KindLoader {
	tf := opts.Terraform
	tf.Exclude = ex
	sboms := sbom.New(sbom.Options{Exclude: ex, Advisories: advisories})
	img := opts.Image
	img.ParseSBOM = sboms.Parse // attested SBOMs are judged as SBOMs
	images := image.New(img)
	df := dockerfile.Options{Exclude: ex}
	if opts.ResolveBaseImages {
		df.Bases = images
	}
	return []engine.KindLoader{
		terraform.New(tf),
		dockerfile.New(df),
		sboms,
		repo.New(repo.Options{ScanSecrets: true, Exclude: ex}),
		images,
	}
}

// Kinds are the target kinds paved reads, which policies may name in
// custom.kind.
func Kinds() []engine.Kind {
	ks := newKinds(Options{}, nil, nil)
	out := make([]engine.Kind, len(ks))
	for i, k := range ks {
		out[i] = k.Kind()
	}
	return out
}

// forPath picks the loaders for a path: every kind that walks a directory,
// the first kind that claims a file, or a reference (an image) that is no
// path at all.
func forPath(kinds []engine.KindLoader, path string) ([]engine.KindLoader, error) {
	if k := referenceKind(kinds, path); k != nil {
		return []engine.KindLoader{k}, nil
	}
	p, err := engine.NewProbe(path)
	if errors.Is(err, fs.ErrNotExist) {
		for _, k := range kinds {
			if r, ok := k.(engine.Referenced); ok {
				if hint := r.SuggestReference(path); hint != "" {
					return nil, fmt.Errorf("%w (%s)", err, hint)
				}
			}
		}
	}
	if err != nil {
		return nil, err
	}
	var out []engine.KindLoader
	for _, k := range kinds {
		if k.Detect(p) {
			out = append(out, k)
			if !p.Dir {
				return out, nil
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New(unsupported(kinds))
	}
	return out, nil
}

// unsupported says what a path must be, from what the kinds read.
func unsupported(kinds []engine.KindLoader) string {
	ds := make([]string, len(kinds))
	for i, k := range kinds {
		ds[i] = k.Describe()
	}
	return "unsupported input: want a directory of them, or " + strings.Join(ds, ", ")
}

// guessKind names the kind of an input that could not be loaded, for its
// error result: the first kind that would claim it by name, else the first
// kind.
func guessKind(kinds []engine.KindLoader, file string) engine.Kind {
	p := &engine.Probe{Path: file}
	for _, k := range kinds {
		if k.Detect(p) {
			return k.Kind()
		}
	}
	return kinds[0].Kind()
}

// referenceKind is the kind that claims p as a reference (an image's)
// when p names no file; nil otherwise.
func referenceKind(kinds []engine.KindLoader, p string) engine.KindLoader {
	if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	for _, k := range kinds {
		if r, ok := k.(engine.Referenced); ok && r.ClaimsReference(p) {
			return k
		}
	}
	return nil
}
