# METADATA
# title: Service images declare a HEALTHCHECK
# description: |
#   An image that exposes a port is a service; a HEALTHCHECK lets Docker and
#   Compose (and anyone reading the image) tell a process that is up from
#   one that answers. Kubernetes ignores it in favour of probes, so the
#   check is for images that declare ports; HEALTHCHECK NONE, which turns a
#   base image's check off, counts as none.
#
#   Peers: Dockle CIS-DI-0006 asks every image for one; Trivy AVD-DS-0026
#   asks every Dockerfile.
# custom:
#   id: IMG-015
#   severity: low
#   kind: image
#   resource_types: []
#   controls: [CIS-Docker-4.6]
#   related: []
#   see_also: [CIS-DI-0006, AVD-DS-0026]
#   remediation: |
#     Add HEALTHCHECK CMD … to the final stage (a small probe binary in
#     distroless images), or declare no port if the image is not a service.
#   enforcement: deny
package paved.image.healthcheck

import data.paved.lib.image

deny contains image.result(msg) if {
	ports := object.get(image.config, "exposed_ports", [])
	count(ports) > 0
	not has_healthcheck
	msg := sprintf("%s exposes %s but declares no HEALTHCHECK", [image.name, concat(", ", ports)])
}

has_healthcheck if {
	h := image.config.healthcheck
	h != null
	not h.none
}
