// Package imagetrust verifies the signatures and attestations attached to a
// container image, with sigstore's own libraries, and reports what it found
// as the "signatures" and "attestations" parts of the image input document
// (docs/image-input.md).
//
// It reads both layouts users have in their registries: cosign's classic
// tags beside the image ("sha256-<hex>.sig" with simple-signing payloads,
// "sha256-<hex>.att" with DSSE envelopes), verified by cosign's pkg/cosign;
// and sigstore bundles (v0.3) attached as OCI 1.1 referrers, or under the
// referrers tag schema's "sha256-<hex>" tag where a registry lacks the
// referrers API, verified by sigstore-go. cosign 3 writes the second by
// default: its image signature is a bundle whose in-toto statement has the
// predicate type https://sigstore.dev/cosign/sign/v1.
//
// Who may sign is explicit (Options): public keys (PEM files, cosign.pub,
// KMS URIs) and keyless identities (issuer and subject) verified against a
// trusted root given as a file, so keyless verification never goes online.
// Nothing passes by default: with no trusted signer, what is found is listed
// unverified with the error "no signer is trusted".
//
// Verification never fails as a whole: each signature and attestation found
// is a fact with its own error, and a lookup that could not be made is
// reported as not checked, never as unsigned.
package imagetrust
