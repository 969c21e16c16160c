# METADATA
# title: Images do not expose SSH
# description: |
#   A container is managed through its orchestrator, not by logging in: an
#   SSH daemon in an image is one more service with credentials to steal
#   and keep patched, and EXPOSE 22 advertises it.
#
#   Peers: the same test as Checkov CKV_DOCKER_1 (22 or 22/tcp among the
#   ports of an EXPOSE), which documents no exception.
# custom:
#   id: DF-011
#   severity: medium
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [NIST-800-53:CM-7, CIS-Docker-4.x]
#   related: [CKV_DOCKER_1]
#   remediation: |
#     Remove EXPOSE 22 and the SSH server; use docker exec / kubectl exec
#     or an ephemeral debug container to get a shell.
#   enforcement: deny
package paved.dockerfile.expose_ssh

import data.paved.lib.dockerfile as df

deny contains df.at(s, i, sprintf("EXPOSE at line %d publishes SSH port 22", [i.line])) if {
	some s in input.stages
	some i in df.instructions(s, "expose")
	some a in i.args
	regex.match(`^22(/tcp)?$`, lower(a))
}
