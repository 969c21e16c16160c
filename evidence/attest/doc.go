// Package attest makes and opens the attestation of an evidence bundle:
// an in-toto Statement v1 whose subjects are the bundle's manifest and the
// targets the run judged, with paved's evidence predicate
// (PredicateType; docs/evidence.md describes its fields), in a DSSE
// envelope.
//
// The Statement is in-toto's own type (github.com/in-toto/attestation),
// serialised by protojson as cosign does, and the envelope is made and
// checked by sigstore's DSSE wrappers: nothing here encodes or verifies a
// signature by hand. An envelope with no signature is possible (an
// unsigned bundle, written only when asked for) and never opens as signed.
package attest
