# METADATA
# title: Components have a name
# description: |
#   NTIA minimum element "Component Name": a component without a name
#   cannot be matched against advisories or licences.
# custom:
#   id: SBOM-003
#   severity: medium
#   kind: sbom
#   resource_types: [component]
#   controls: [NTIA-SBOM-Minimum-Elements, EO-14028, NIST-800-53:SR-4]
#   related: ["NTIA:Component Name", "sbomqs:comp_with_name"]
#   remediation: |
#     Give every component its package name; fix the generator or the
#     manifest it reads.
#   enforcement: deny
package paved.sbom.component_name

import data.paved.lib.sbom

deny contains {"msg": sprintf("component at %s has no name", [c.pointer]), "resource": c.address} if {
	some c in sbom.components
	trim_space(c.name) == ""
}
