# METADATA
# title: Critical and high vulnerabilities have a VEX resolution
# description: |
#   A critical or high vulnerability recorded against a component must be
#   resolved or shown not to apply (VEX analysis state not_affected,
#   false_positive or resolved); exploitable, in_triage or unanalysed ones
#   block the release.
# custom:
#   id: SBOM-011
#   severity: critical
#   kind: sbom
#   resource_types: [vulnerability]
#   controls: [EO-14028, NIST-800-53:RA-5, NIST-800-53:SI-2, SSDF:RV.1.1]
#   related: ["Trivy:--ignore-unfixed", "Grype:--fail-on"]
#   remediation: |
#     Upgrade the component to a fixed version, or record the analysis in
#     the SBOM/VEX (analysis.state not_affected with a justification, or
#     resolved) once it has been made.
#   enforcement: deny
package paved.sbom.vulnerabilities

import data.paved.lib.sbom

resolved_states := {"not_affected", "false_positive", "resolved", "resolved_with_pedigree"}

deny contains sbom.finding_result(f, msg) if {
	some f in object.get(input, "findings", [])
	f.severity in {"critical", "high"}
	not f.state in resolved_states
	msg := sprintf("%s vulnerability %s in %s has no VEX resolution (state %q)", [f.severity, f.id, f.purl_base, f.state])
}
