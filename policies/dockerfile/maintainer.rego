# METADATA
# title: MAINTAINER is not used
# description: |
#   MAINTAINER is deprecated: image metadata belongs in labels, where
#   registries, scanners and the OCI image spec look for it.
#
#   Peers: the same rule as hadolint DL4000 and Checkov CKV_DOCKER_6, with
#   no exception documented by either.
# custom:
#   id: DF-012
#   severity: low
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [NIST-800-53:CM-8]
#   related: [DL4000, CKV_DOCKER_6]
#   remediation: |
#     Replace MAINTAINER with LABEL org.opencontainers.image.authors="…".
#   enforcement: warn
#   tags: [golden-path]
package paved.dockerfile.maintainer

import data.paved.lib.dockerfile as df

deny contains df.at(s, i, sprintf("MAINTAINER at line %d is deprecated; use LABEL org.opencontainers.image.authors", [i.line])) if {
	some s in input.stages
	some i in df.instructions(s, "maintainer")
}
