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

# The denial is written out and the conditions inline, with no helper
# function: most components of real SBOMs name no supplier, and a function
# call per component made this the slowest SBOM policy. (A component's
# denial needs no location: the engine gives it the component's file.)
deny contains {"msg": sprintf("component %s names no supplier, manufacturer or publisher", [c.address]), "resource": c.address} if {
	some c in sbom.components
	c.supplier == ""
	c.manufacturer == ""
	c.publisher == ""
}
