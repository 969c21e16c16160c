# METADATA
# title: The image declares a HEALTHCHECK
# description: |
#   A HEALTHCHECK lets Docker and Swarm tell a hung service from a running
#   one. Orchestrators that use their own probes (Kubernetes) ignore it, so
#   HEALTHCHECK NONE counts as a decision. A HEALTHCHECK inherited from an
#   earlier stage counts; one in a registry base image cannot be seen from
#   the Dockerfile.
#
#   Peers: Checkov CKV_DOCKER_2 passes a HEALTHCHECK anywhere in the file;
#   paved wants it where it takes effect, in the final stage or a stage it
#   builds on, since a build stage's HEALTHCHECK never reaches the image.
#   Both count HEALTHCHECK NONE.
# custom:
#   id: DF-007
#   severity: low
#   kind: dockerfile
#   resource_types: []
#   controls: [CIS-Docker-4.6, NIST-800-53:SI-4]
#   related: [CKV_DOCKER_2]
#   tags: [golden-path]
#   remediation: |
#     Add HEALTHCHECK CMD ["/app", "healthcheck"] (or a curl/wget of the
#     health endpoint) to the final stage, or HEALTHCHECK NONE when the
#     orchestrator probes the service itself.
#   enforcement: warn
package paved.dockerfile.healthcheck

import data.paved.lib.dockerfile as df

deny contains df.target_result(df.final.line, msg) if {
	df.final.healthcheck == null
	msg := sprintf("The final stage (%s) declares no HEALTHCHECK (HEALTHCHECK NONE records that none is wanted)", [df.final.address])
}
