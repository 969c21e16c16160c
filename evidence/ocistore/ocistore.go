package ocistore

import (
	"context"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/paved-dev/paved/internal/registryhttp"
	"github.com/paved-dev/paved/policybundle/oci"
)

// ArtifactType marks a manifest as an evidence bundle.
const ArtifactType = "application/vnd.paved.evidence.v1"

// Annotations on the manifest.
const (
	AnnotationRunID   = "dev.paved.evidence.run-id"
	AnnotationScope   = "dev.paved.evidence.scope"
	AnnotationCreated = "org.opencontainers.image.created"
	AnnotationTitle   = "org.opencontainers.image.title"
)

// Media types of the layers: the attestation is a DSSE envelope, as
// in-toto tooling names it; the other files are typed by what they hold.
const (
	AttestationMediaType types.MediaType = "application/vnd.dsse.envelope.v1+json"
	JSONMediaType        types.MediaType = "application/json"
	SARIFMediaType       types.MediaType = "application/sarif+json"
	FileMediaType        types.MediaType = "application/octet-stream"
)

// Bounds on what Pull and List read from a registry; a bundle's files are
// bounded as evidence/bundle bounds them (bundle.MaxFiles, MaxFileSize,
// MaxTotalSize).
const maxManifest = 4 << 20

// Options reach the registry.
type Options struct {
	// Keychain finds credentials; nil means the docker config.
	Keychain authn.Keychain
}

// ParseRef parses REF, with or without oci://, as policybundle/oci does.
// Plain HTTP is allowed to loopback registries only (the transport
// refuses the rest, see httpsOnly).
func ParseRef(s string) (name.Reference, error) {
	return oci.ParseRef(s, oci.Options{})
}

func (o Options) remote(ctx context.Context) []remote.Option {
	return registryhttp.RemoteOptions(ctx, o.Keychain, nil, nil, "evidence goes over HTTPS except to a loopback registry")
}
