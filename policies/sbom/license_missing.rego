# METADATA
# title: Components declare a licence
# description: |
#   A component without a licence, or with NOASSERTION / NONE, cannot be
#   cleared for distribution: its terms are unknown.
# custom:
#   id: SBOM-009
#   severity: low
#   kind: sbom
#   resource_types: [component]
#   controls: [NIST-800-53:SR-4, SSDF:PS.3.2, EO-14028]
#   related: ["sbomqs:comp_with_licenses"]
#   remediation: |
#     Have the generator record the licence from the package metadata, or
#     add it (SPDX id or expression) when the package declares none.
#   enforcement: warn
#   tags: [licensing]
package paved.sbom.license_missing

import data.paved.lib.sbom

unknown := {"NOASSERTION", "NONE"}

deny contains {"msg": sprintf("component %s declares no licence", [c.address]), "resource": c.address} if {
	some c in sbom.components
	c.license_choices == []
}

deny contains {"msg": sprintf("component %s has no known licence (%s)", [c.address, concat(", ", c.licenses)]), "resource": c.address} if {
	# No component is looked at when no licence term is unknown.
	count(unknown & sbom.license_terms) > 0
	some c in sbom.components

	# The first alternative is tried before every one is: it rules out
	# nearly every component at a fraction of the cost of "every".
	some first in c.license_choices[0]
	first in unknown
	every alt in c.license_choices {
		some t in alt
		t in unknown
	}
}
