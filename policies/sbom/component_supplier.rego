# METADATA
# title: Components name their supplier
# description: |
#   NTIA minimum element "Supplier Name": who created, defines and
#   identifies the component. Without it nobody knows whom to ask for a fix.
# custom:
#   id: SBOM-002
#   severity: low
#   kind: sbom
#   resource_types: [component]
#   controls: [NTIA-SBOM-Minimum-Elements, EO-14028, NIST-800-53:SR-4, SSDF:PS.3.2]
#   related: ["NTIA:Supplier Name", "sbomqs:comp_with_supplier"]
#   remediation: |
#     Have the generator fill component supplier (or manufacturer /
#     publisher), e.g. from package registry metadata, or enrich the SBOM
#     (parlay, sbomasm) before publishing it.
#   enforcement: warn
package paved.sbom.component_supplier

import data.paved.lib.sbom

deny contains sbom.component_result(c, sprintf("component %s names no supplier, manufacturer or publisher", [sbom.label(c)])) if {
	some c in sbom.components
	not sbom.has_supplier(c)
}
