package chain

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/paved-dev/paved/evidence/bundle"
)

// Kind says what a Location is.
type Kind int

// Kinds of location.
const (
	// Dir is a directory holding bundles, one level deep.
	Dir Kind = iota
	// One is a single bundle: a directory with an attestation.json, or a
	// .tar.gz.
	One
	// Registry is an OCI repository, oci://REPO.
	Registry
)

// ociScheme starts a registry location.
const ociScheme = "oci://"

// maxBundles bounds how many bundles a directory may hold for a chain.
const maxBundles = 100_000

// Location is where bundles are.
type Location struct {
	Kind Kind
	// Path is the directory or bundle (Dir, One); Repo the repository
	// without oci:// (Registry).
	Path string
	Repo string
}

func (l Location) String() string {
	if l.Kind == Registry {
		return ociScheme + l.Repo
	}
	return l.Path
}

// Locate reads what s names: oci://REPO (a repository, no tag: every
// bundle in it), a directory of bundles, or one bundle (a directory with
// an attestation.json, or a .tar.gz). A path that does not exist or is
// neither is an error; nothing is verified yet.
func Locate(s string) (Location, error) {
	if repo, ok := strings.CutPrefix(s, ociScheme); ok {
		if _, err := name.NewRepository(repo); err != nil {
			return Location{}, fmt.Errorf("%s: want oci://REGISTRY/REPOSITORY, without a tag: %w", s, err)
		}
		return Location{Kind: Registry, Repo: repo}, nil
	}
	if s == "" {
		return Location{}, errors.New("no location")
	}
	fi, err := os.Stat(s)
	if err != nil {
		return Location{}, err
	}
	if fi.IsDir() {
		if _, err := os.Lstat(filepath.Join(s, bundle.AttestationFile)); err == nil {
			return Location{Kind: One, Path: s}, nil
		}
		if _, err := os.ReadDir(s); err != nil {
			return Location{}, err
		}
		return Location{Kind: Dir, Path: s}, nil
	}
	if !fi.Mode().IsRegular() || !isGzip(s) {
		return Location{}, fmt.Errorf("%s: neither a directory of bundles nor a bundle (.tar.gz)", s)
	}
	return Location{Kind: One, Path: s}, nil
}

func isGzip(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 2)
	_, err = io.ReadFull(f, head)
	return err == nil && bytes.Equal(head, []byte{0x1f, 0x8b})
}

// bundlePaths lists the bundles of a directory: its subdirectories (but
// empty ones) and its .tar.gz and .tgz files, by name. Names starting with
// "." are left out: a write in progress (or killed) is named
// .paved-evidence-….
func bundlePaths(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") {
			continue
		}
		p := filepath.Join(dir, n)
		fi, err := os.Stat(p) // a link to a bundle counts as the bundle
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // a dangling link
			}
			return nil, err
		}
		if !fi.IsDir() && !(fi.Mode().IsRegular() && bundle.IsArchive(n)) {
			continue
		}
		if fi.IsDir() && isEmptyDir(p) {
			continue // holds nothing, such as the next bundle's destination
		}
		if len(out) >= maxBundles {
			return nil, fmt.Errorf("%s: more than %d bundles", dir, maxBundles)
		}
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}

func isEmptyDir(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	return len(names) == 0 && errors.Is(err, io.EOF)
}
