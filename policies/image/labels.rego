# METADATA
# title: Images carry the OCI labels that trace them to source
# description: |
#   org.opencontainers.image.source, .revision and .licenses say where the
#   image was built from, at which commit, and under which licence: what an
#   incident responder, a licence review and a dependency bot need from an
#   image found running. required_labels lists the labels (default those
#   three); a label present but empty counts as missing.
#
#   Peers: Dockle and Trivy have no equivalent; hadolint's DL3048/DL3049
#   check label syntax and presence in a Dockerfile when configured.
# custom:
#   id: IMG-007
#   severity: low
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:CM-8, SLSA:Provenance]
#   related: []
#   see_also: [DL3049]
#   remediation: |
#     Set the labels at build time: LABEL in the Dockerfile, docker buildx
#     --label, or the builder's equivalent (docker/metadata-action fills all
#     three in GitHub Actions).
#   enforcement: deny
package paved.image.labels

import data.paved.lib.image

required := image.params("required_labels", [
	"org.opencontainers.image.source",
	"org.opencontainers.image.revision",
	"org.opencontainers.image.licenses",
])

labels := object.get(image.config, "labels", {})

deny contains image.result(msg) if {
	missing := [l | some l in required; trim_space(object.get(labels, l, "")) == ""]
	count(missing) > 0
	msg := sprintf("%s lacks the label(s) %s", [image.name, concat(", ", missing)])
}
