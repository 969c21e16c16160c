// Package sbom loads software bills of materials — CycloneDX JSON and XML,
// spec 1.2 to 1.6, and SPDX 2.x JSON — into targets of kind "sbom" for the
// policies under policies/sbom; every format yields the same document. The input document is described in docs/sbom-input.md.
//
// A JSON SBOM is validated against the embedded CycloneDX schema of its
// declared specVersion (1.4–1.6); violations are recorded in the document,
// not raised, so that a policy fails the SBOM. What cannot be read as an
// SBOM at all is an engine.Diagnostic. Joins a policy would otherwise make
// over the components (duplicates by purl, vulnerability → component,
// dependency edges, licence expression alternatives) are computed here
// with maps, so no policy is quadratic. A VEX analysis that sets a
// vulnerability aside becomes a waiver the target declares (vex.go), so the
// finding is reported as waived by that statement rather than passed.
package sbom
