package oci

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/paved-dev/paved/internal/registryhttp"
	"github.com/paved-dev/paved/policybundle"
)

// Scheme prefixes a bundle reference where a directory could also be given
// (--policy oci://REF).
const Scheme = "oci://"

// Media types of OPA's OCI bundle convention: OPA's downloader takes the
// first layer of type BundleLayer as the bundle archive.
const (
	BundleLayer  = types.OCILayer      // application/vnd.oci.image.layer.v1.tar+gzip
	BundleConfig = types.OCIConfigJSON // application/vnd.oci.image.config.v1+json
)

// maxManifest bounds a manifest read from a registry or the cache.
const maxManifest = 4 << 20

// Options are shared by Push, Pull and Sign.
type Options struct {
	// Insecure allows plain HTTP to the registry. Loopback registries
	// (localhost, 127.0.0.1) are reached over plain HTTP anyway.
	Insecure bool
	// Keychain finds credentials; nil means the docker config
	// (authn.DefaultKeychain).
	Keychain authn.Keychain
	// Transport, when set, replaces the default HTTP transport.
	Transport http.RoundTripper
	// CacheDir holds pulled bundles by digest; required by Pull.
	CacheDir string
	Limits   policybundle.Limits
}

func (o Options) remote(ctx context.Context) []remote.Option {
	// Plain HTTP only to loopback, or anywhere when the user allowed it
	// (--insecure-registry): never to a private address on its own.
	var insecure []string
	if o.Insecure {
		insecure = []string{"*"}
	}
	return registryhttp.RemoteOptions(ctx, o.Keychain, o.Transport, insecure, "pass --insecure-registry to allow it")
}

// ParseRef parses a bundle reference, with or without the oci:// prefix:
// registry/repository:tag or registry/repository@sha256:….
func ParseRef(s string, o Options) (name.Reference, error) {
	s = strings.TrimPrefix(s, Scheme)
	var nopts []name.Option
	if o.Insecure {
		nopts = append(nopts, name.Insecure)
	}
	ref, err := name.ParseReference(s, nopts...)
	if err != nil {
		return nil, fmt.Errorf("bundle reference %q: %w", s, err)
	}
	return ref, nil
}

// Image wraps a bundle archive as an OCI image in OPA's layout.
func Image(archive []byte) (v1.Image, error) {
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(archive)), nil
	}, tarball.WithMediaType(BundleLayer))
	if err != nil {
		return nil, err
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), BundleConfig)
	return mutate.Append(base, mutate.Addendum{
		Layer:       layer,
		Annotations: map[string]string{"org.opencontainers.image.title": "bundle.tar.gz"},
	})
}

// Push uploads a bundle archive to ref and returns the digest reference of
// what the registry now holds.
func Push(ctx context.Context, ref string, archive []byte, o Options) (name.Digest, error) {
	r, err := ParseRef(ref, o)
	if err != nil {
		return name.Digest{}, err
	}
	img, err := Image(archive)
	if err != nil {
		return name.Digest{}, err
	}
	dg, err := img.Digest()
	if err != nil {
		return name.Digest{}, err
	}
	if err := remote.Write(r, img, o.remote(ctx)...); err != nil {
		return name.Digest{}, fmt.Errorf("push %s: %w", r, err)
	}
	return r.Context().Digest(dg.String()), nil
}
