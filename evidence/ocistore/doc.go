// Package ocistore stores evidence bundles in OCI registries and fetches
// them back: `paved evidence push`, `pull` and `list`.
//
// A bundle is an OCI 1.1 image manifest with artifactType
// application/vnd.paved.evidence.v1, the empty config, and one layer per
// file of the bundle, titled (org.opencontainers.image.title) with its path.
// One layer per file, not the .tar.gz as one: each layer's digest is then
// the sha256 manifest.json lists for the file, so the registry's own
// digests tie to the signed manifest, and oras or crane fetch the
// attestation (application/vnd.dsse.envelope.v1+json) or the report alone
// without downloading the rest. The manifest's annotations name the run,
// its scope (the chain it belongs to, see package chain) and when it
// finished.
//
// Pull checks every layer against its digest, bounds what it reads, writes
// under a temporary name beside the destination, verifies the result as
// `paved evidence verify` does and only then renames it into place.
package ocistore
