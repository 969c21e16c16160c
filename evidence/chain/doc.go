// Package chain links evidence bundles into chains and verifies them over
// a period: `paved check --evidence-previous` and `paved evidence verify
// --chain`.
//
// Every bundle's predicate names its scope (the repository it judged, or
// a name given for it) and the digest of the previous bundle of that scope
// (bundle.Digest: the sha256 of its attestation.json, which the signature,
// the manifest and so every file hang from). A scope's bundles, ordered by
// the time their runs finished, must each name the one before: a bundle
// removed from the middle leaves the next one pointing at a digest nobody
// holds, a bundle changed no longer verifies or no longer has the digest
// its successor names, and two bundles naming the same predecessor are a
// fork.
//
// What a chain cannot show is that its newest bundles were removed: the
// last bundle left looks like the end. That takes an anchor outside the
// location (the digest the history store records for each run, or one an
// auditor wrote down), which is why Verify reports the last bundle's
// digest.
//
// Bundles live in a Location: a directory of bundles (directories and
// .tar.gz files, one level deep), one bundle, or an OCI repository whose
// tags `paved evidence push` made (package ocistore).
package chain
