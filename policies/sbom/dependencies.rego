# METADATA
# title: SBOM records dependency relationships
# description: |
#   NTIA minimum element "Dependency Relationship": without the graph, a
#   vulnerable component cannot be traced to what pulls it in, nor a direct
#   dependency told from a transitive one.
# custom:
#   id: SBOM-006
#   severity: medium
#   kind: sbom
#   resource_types: [sbom]
#   controls: [NTIA-SBOM-Minimum-Elements, EO-14028, NIST-800-53:SR-4]
#   related: ["NTIA:Dependency Relationship", "sbomqs:sbom_dependencies"]
#   remediation: |
#     Generate the SBOM with a tool that records dependencies (cyclonedx-npm,
#     cyclonedx-maven-plugin, syft ≥ 1.0, trivy) and CycloneDX ≥ 1.2.
#   enforcement: deny
package paved.sbom.dependencies

import data.paved.lib.sbom

deny contains sbom.result(sprintf("SBOM lists %d components but no dependency relationships", [count(sbom.components)])) if {
	count(sbom.components) > 0
	count(object.get(input, "dependencies", [])) == 0
}
