// Package oci pushes policy bundles to OCI registries and pulls them back
// through a local cache keyed by manifest digest, and signs and verifies
// them in cosign's layout with cosign's own packages (pkg/cosign,
// pkg/oci): a "sha256-<hex>.sig" tag beside the bundle holds
// simple-signing payloads whose layers carry the signature in the
// "dev.cosignproject.cosign/signature" annotation, so `cosign verify --key`
// accepts what paved signs and paved accepts what cosign signs with a key.
// Container images' signatures are verified by engine/imagetrust on the
// same libraries.
//
// The manifest follows OPA's OCI bundle convention (an OCI image config and
// one application/vnd.oci.image.layer.v1.tar+gzip layer holding the bundle
// archive), so OPA's own OCI downloader can serve the same artifact.
package oci
