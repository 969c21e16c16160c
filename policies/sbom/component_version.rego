# METADATA
# title: Components have a version
# description: |
#   NTIA minimum element "Version of the Component": without a version no
#   advisory can be said to apply or not.
# custom:
#   id: SBOM-004
#   severity: medium
#   kind: sbom
#   resource_types: [component]
#   controls: [NTIA-SBOM-Minimum-Elements, EO-14028, NIST-800-53:SR-4]
#   related: ["NTIA:Version of the Component", "sbomqs:comp_with_version"]
#   remediation: |
#     Generate the SBOM from a lock file or the built artefact, where
#     versions are resolved, not from a manifest with ranges.
#   enforcement: deny
package paved.sbom.component_version

import data.paved.lib.sbom

deny contains {"msg": sprintf("component %s has no version", [c.address]), "resource": c.address} if {
	some c in sbom.components
	trim_space(c.version) == ""
}
