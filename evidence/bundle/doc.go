// Package bundle writes, verifies and answers questions from evidence
// bundles: what one `paved check` decided, in a form an auditor verifies
// offline. A bundle is a directory or a .tar.gz holding
//
//	manifest.json                  sha256 and size of every file below
//	report.json                    the report (paved.report/v1)
//	report.sarif                   the same as SARIF
//	environment.json               paved's version, git commit and remote, CI run, times
//	policy-set.json                the policy set: digest, sources, every file's name and sha256
//	policies/…                     the set's files (built-in and directory sources; an OCI
//	                               bundle's are named by its reference and digest instead)
//	waivers.json                   the waivers and VEX statements, with owner, approver,
//	                               expiry, reason and whether they applied
//	oscal/assessment-results.json  OSCAL assessment results (when Options.OSCAL is given)
//	attestation.json               an in-toto Statement over manifest.json and the judged
//	                               targets, in a DSSE envelope (package attest)
//
// The manifest covers every file but itself and the attestation; the
// attestation covers the manifest. Verify checks the signature, the
// manifest's digest against the attestation's, every file against the
// manifest and that nothing was added, and names the file at fault.
//
// Write is deterministic: the same report, policies and environment give
// the same bytes (times and ids come from them). It writes to a temporary
// name beside the destination and renames only a finished bundle, so a
// failed or killed write leaves no bundle under the destination's name.
package bundle
