// Package oscal turns a paved report into an OSCAL assessment-results
// document (OSCAL 1.0.6, the version whose JSON schema its tests validate
// against), so a GRC tool or an auditor reads a check's verdicts in the
// model NIST publishes. The evidence bundle writes it as
// oscal/assessment-results.json, beside report.json and attestation.json.
//
// # Calling it
//
//	rep, pol, err := check.RunWithPolicies(ctx, opts)
//	files, err := pol.Set.Files()
//	…
//	out, err := oscal.AssessmentResults(rep, oscal.Input{
//		ReportDigest:  "sha256:…", // of report.json as the bundle holds it
//		PolicyDigests: oscal.PolicyDigests(files),
//	})
//
// Write streams the same bytes to an io.Writer. Every Input field is
// optional: Policies, Waivers, Tool, Version, Start and End default to the
// report's own (Report.Policies, .Waivers, .Tool, .Run); a PolicySetDigest
// other than the report's is an error, not a second truth.
//
// AttestationDigest is for a document written outside the bundle (an
// export from a verified bundle). Inside one it must stay empty: the
// attestation signs manifest.json, which lists this document's sha256, so
// the document cannot also name the attestation's digest. It names the
// attestation by its place instead, and the signature covers it.
//
// # The model
//
// One result per run: its props name the run id and the policy set's
// digest (policy-set-digest), and import-ap points at the policy set, kept
// in back-matter, which is the plan the run followed (paved has no separate
// assessment plan).
//
// Activities (the document's local-definitions), one per policy that
// judged: its id, kind, file, version (policy-digest: the file's sha256,
// from Input.PolicyDigests), severity, enforcement and remediation, and its
// controls as related-controls.
//
// Observations, one per (policy, target): results are aggregated by the
// policy's id and the target's kind and identity (repo, path), so a
// 50,000-component SBOM's hundreds of thousands of results become one
// observation per policy that judged it. An observation links to its
// policy's activity and carries counts by status, its verdict (error, else
// fail, else warn, else waived, else pass: attest.Counts.Verdict, as the
// attestation's controls rank them), the waivers that applied, and
// the first non-passing results in a fixed order (the rest are in
// report.json, with their fingerprints). Memory is bounded by the number of
// (policy, target) pairs, never by the number of results; Write emits one
// observation at a time. Methods are TEST; the subject is the target, an
// inventory-item in the result's local-definitions with its kind, id, repo,
// path and digest.
//
// Evidence: every observation's relevant-evidence points at two
// back-matter resources by "#uuid": the attestation (rlink
// ../attestation.json; with its SHA-256 hash when AttestationDigest is set)
// with an attestation-subject prop naming the target's digest when it has
// one — the signed statement lists it as a subject — and report.json (rlink
// ../report.json with its SHA-256 hash when ReportDigest is set).
//
// Findings, one per control (MapControl): the finding's target is
// objective-id <OSCAL control id>, satisfied when every observation of a
// policy naming the control passed, not-satisfied otherwise (fail, warn,
// waived, or error: a waived failure is still a deviation, recorded as a
// risk the finding relates to). An input paved could not read (the
// PAVED-LOAD pseudo-policy) counts against every control its kind's
// policies name: what was not judged never passes. reviewed-controls
// lists the controls by framework, each selection linked to its
// catalog's back-matter resource.
//
// Waivers become risks: status deviation-approved (an approver is named),
// deviation-requested (an owner only), closed (a VEX statement, or a
// waiver that matched nothing) or open (expired: its findings fail again);
// deadline is the day after the waiver's last day, 00:00 UTC; one
// remediation response records the acceptance with the owner and the
// approver as parties in roles waiver-owner and waiver-approver.
//
// # Identifiers
//
// UUIDs are version 5, derived from stable names, so the same report gives
// the same bytes. Things of one run (the document, the result,
// observations, findings, risks, the report and attestation resources)
// derive from the run id and their own names (policy id, target kind and
// identity; control; waiver id and source). Things that outlive a run (a
// target's inventory-item, a policy's activity at one version, a party,
// the tool, the policy set, a catalog) derive from their names alone, so an
// auditor follows one asset or one policy from run to run. Props paved defines are in the namespace https://paved.dev/ns/oscal.
package oscal
