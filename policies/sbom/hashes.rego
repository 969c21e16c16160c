# METADATA
# title: Applications and libraries carry hashes
# description: |
#   A hash ties an SBOM entry to the exact artefact, so a consumer can check
#   that what it deploys is what the SBOM describes.
# custom:
#   id: SBOM-014
#   severity: low
#   kind: sbom
#   resource_types: [component]
#   controls: [NIST-800-53:SR-4, NIST-800-53:SI-7, SSDF:PS.3.2]
#   related: ["sbomqs:comp_with_checksums"]
#   remediation: |
#     Generate the SBOM from the lock file or artefacts, which carry
#     integrity hashes. Set the parameter require_hashes to false to turn
#     the check off.
#   enforcement: warn
package paved.sbom.hashes

import data.paved.lib.sbom

# distributed are the component types shipped as artefacts.
distributed := {"application", "library"}

# Rarest condition first, and a comparison rather than a builtin call: per
# component, "in" costs several times an equality (a 50,000-component SBOM:
# 270 ms against 50).
deny contains {"msg": sprintf("%s %s has no hash", [c.type, c.address]), "resource": c.address} if {
	sbom.params("require_hashes", true)
	some c in sbom.components
	c.hashes == []
	c.type in distributed
}
