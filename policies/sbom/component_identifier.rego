# METADATA
# title: Components have a unique identifier
# description: |
#   NTIA minimum element "Other Unique Identifiers": a package URL, CPE or
#   SWID tag is what vulnerability databases are matched on; a purl that
#   does not parse matches nothing.
# custom:
#   id: SBOM-005
#   severity: medium
#   kind: sbom
#   resource_types: [component]
#   controls: [NTIA-SBOM-Minimum-Elements, EO-14028, NIST-800-53:SR-4]
#   related: ["NTIA:Other Unique Identifiers", "sbomqs:comp_with_uniq_ids"]
#   remediation: |
#     Give each component a package URL (pkg:type/namespace/name@version),
#     or a CPE / SWID tag id for what has no package ecosystem.
#   enforcement: deny
package paved.sbom.component_identifier

import data.paved.lib.sbom

deny contains {"msg": sprintf("component %s has no purl, CPE or SWID tag id", [c.address]), "resource": c.address} if {
	some c in sbom.components
	c.purl == ""
	c.cpe == ""
	c.swid == ""
}

deny contains {"msg": sprintf("component %s has a purl that is not a valid package URL: %s", [c.address, c.purl]), "resource": c.address} if {
	some c in sbom.components
	c.purl_valid == false # cheaper per component than a negation ("not")
	c.purl != ""
}
