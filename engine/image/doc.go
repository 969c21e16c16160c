// Package image loads container images into paved targets: one input
// document per image manifest judged, in the shape docs/image-input.md
// defines, for the policies under policies/image.
//
// # What is a target
//
// An argument is an image reference, never a path: image://REF from a
// registry (go-containerregistry's remote, with its default keychain),
// oci:DIR[:TAG] from an OCI image layout, docker-archive:FILE[:TAG] from
// a docker save tarball. A multi-platform index yields a target per
// platform (attestation manifests and unknown/unknown entries skipped), or
// the one Options.Platform names; the target's ID then ends in @platform.
// Its identity is the image repository and the platform, so a finding
// fixed in the next build of the same repository resolves.
//
// Registries are spoken to over HTTPS; plain HTTP only for a loopback
// address or a registry named in Options.InsecureRegistries, enforced on
// every request (go-containerregistry alone would also use HTTP for
// private addresses).
//
// # The file system
//
// Each layer's blob is streamed once (gzip and zstd told by their magic
// numbers) through a tar reader, a few layers side by side, into records
// of its entries: metadata, and what the secret scanner (engine/secrets,
// the scanner repositories use) found in files of at most
// Limits.MaxScanSize. The biggest layers are read first, so that the base
// layer, most of an image, is not read alone at the end. The records are
// then merged from the top layer down, each layer's last entry first: the
// first entry seen at a path is the final one, and whiteouts (opaque
// directories and single files) hide what lies below them. What the final
// file system shows is added up as it is merged; of each path only the
// path is kept, and of each list only the part the document shows.
// Nothing is written to disk, and no layer or file beyond that size is
// held. Paths are cleaned to the image root; symlinks are recorded and
// followed only inside it, hard links never. Every read is bounded
// (Limits), the walk's memory by the entries and the bytes of their paths:
// a bound reached ends the walk with complete false and a reason, never a
// silent pass.
//
// # Secrets
//
// No secret value reaches the document: environment variables whose name
// looks like a credential or whose value the scanner flags are redacted,
// and so are those values, name=value pairs and URL passwords wherever an
// image's free text repeats them (build steps, labels, annotations,
// commands). Files are reported by path, line and rule only.
//
// # Signatures
//
// This package verifies nothing: a Verifier (engine/imagetrust) fills the
// signatures and attestations of registry images, looked up while the
// layers are read, with the SBOMs attested for them (read by
// Options.ParseSBOM); an IndexVerifier is also told the index a platform
// was chosen from. Layouts and archives are not looked up, and say so.
//
// # Dockerfile base images
//
// A Loader is also a dockerfile.BaseResolver: given to the Dockerfile
// kind, it reads the config (no layer) of the image a stage builds on, for
// the stage's platform, so the Dockerfile policies judge the base's real
// default user; what it cannot look up stays unknown.
package image
