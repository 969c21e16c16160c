# METADATA
# title: Critical and high vulnerabilities are fixed or set aside by VEX
# description: |
#   A critical or high vulnerability recorded against a component blocks
#   the release until it is fixed or a VEX analysis sets it aside (state
#   not_affected, false_positive, resolved or resolved_with_pedigree).
#   Such a statement is an exception the SBOM declares: paved makes it a
#   waiver (e.g. VEX-CVE-2021-44228:SBOM-011, owner the SBOM's author), so
#   the finding is reported as waived, with the statement's justification,
#   and does not block; exploitable, in_triage or unanalysed ones do.
# custom:
#   id: SBOM-011
#   severity: critical
#   kind: sbom
#   resource_types: [vulnerability]
#   controls: [EO-14028, NIST-800-53:RA-5, NIST-800-53:SI-2, SSDF:RV.1.1]
#   related: ["Trivy:--ignore-unfixed", "Grype:--fail-on"]
#   remediation: |
#     Upgrade the component to a fixed version, or record the analysis in
#     the SBOM/VEX (analysis.state not_affected with a justification and
#     detail, or resolved) once it has been made: the finding is then
#     waived by that statement, and reports show its reason and author.
#   enforcement: deny
package paved.sbom.vulnerabilities

import data.paved.lib.sbom

# Every critical and high finding is denied, whatever its VEX state: a
# resolution is shown as a waiver of the denial (engine/sbom/vex.go), not
# as a silent pass.
deny contains sbom.finding_result(f, msg) if {
	some f in object.get(input, "findings", [])
	f.severity in {"critical", "high"}
	msg := sprintf("%s vulnerability %s in %s %s", [f.severity, f.id, f.purl_base, sbom.vex_status(f)])
}
