# METADATA
# title: Components are listed once
# description: |
#   The same package (same purl without qualifiers) listed twice inflates
#   counts, splits its vulnerabilities and licences between entries, and
#   usually means two SBOMs were merged carelessly.
# custom:
#   id: SBOM-012
#   severity: low
#   kind: sbom
#   resource_types: [component]
#   controls: [NIST-800-53:CM-8, NIST-800-53:SR-4]
#   related: []
#   remediation: |
#     Deduplicate the components (sbomasm, cyclonedx merge) and point the
#     dependency graph at the remaining bom-ref.
#   enforcement: warn
#   tags: [golden-path]
package paved.sbom.duplicates

import data.paved.lib.sbom

deny contains {"msg": sprintf("component %s repeats %s", [c.address, c.duplicate_of]), "resource": c.address} if {
	some c in sbom.components
	c.duplicate_of != ""
}
