# METADATA
# title: Images carry a signed SBOM attestation
# description: |
#   An SBOM attached to the image as a signed attestation is the inventory
#   vulnerability response starts from; one that is not signed by a trusted
#   signer, or whose subject is another image, proves nothing about this
#   one. CycloneDX and SPDX predicates count. A verified SBOM is also judged
#   by the SBOM policies in the same run. When the attestations could not be
#   looked up (an OCI layout or a docker archive, an unreachable registry)
#   the image fails saying so: an unknown is not a pass.
#
#   Peers: cosign verify-attestation --type cyclonedx|spdxjson checks the
#   same at deploy time.
# custom:
#   id: IMG-003
#   severity: medium
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:CM-8, NIST-800-218:PS.3, EO-14028:SBOM]
#   related: []
#   remediation: |
#     Generate an SBOM of the image in the pipeline (syft, trivy, docker
#     buildx --sbom) and attach it signed: cosign attest --type cyclonedx
#     --predicate sbom.cdx.json IMAGE@DIGEST.
#   enforcement: deny
package paved.image.sbom_attestation

import data.paved.lib.image

deny contains image.result(no_sbom) if {
	count(image.attestations(image.sbom_types)) == 0
}

# no_sbom says that none counts; when the attestations could not all be
# looked up (an OCI layout, an unreachable registry), that the fact is
# unknown rather than absent.
no_sbom := sprintf("the attestations of %s could not be looked up, so no SBOM attestation is verified%s: %s", [image.name, found, reason]) if {
	reason := image.unchecked_signatures
} else := sprintf("%s has no SBOM attestation signed by a trusted signer%s", [image.name, found])

found := image.uncounted_note(image.sbom_types, "SBOM")
