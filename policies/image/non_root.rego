# METADATA
# title: Images run as a non-root user
# description: |
#   The image config's User is who the container's process runs as unless
#   the platform overrides it. Unset means root, and a process running as
#   root turns a code-execution bug into root in the container, one kernel
#   flaw from the host. Judging the built image catches what a Dockerfile
#   check cannot: a base image's USER, and images built without a
#   Dockerfile (ko, jib, Buildpacks, nix).
#
#   Peers: Dockle CIS-DI-0001 fails the same configs (no user, or root);
#   Trivy's image config scan applies AVD-DS-0002 to the config's history.
# custom:
#   id: IMG-004
#   severity: high
#   kind: image
#   resource_types: []
#   controls: [CIS-Docker-4.1, NIST-800-53:AC-6, SOC2:CC6.1]
#   related: [CIS-DI-0001]
#   see_also: [AVD-DS-0002]
#   remediation: |
#     Set an unprivileged user in the image (USER 65532:65532 in the
#     Dockerfile's final stage, or the builder's equivalent: ko and
#     distroless default to 65532), or build on a base that runs as non-root.
#   enforcement: deny
package paved.image.non_root

import data.paved.lib.image

deny contains image.result(msg) if {
	image.config.user == ""
	msg := sprintf("%s sets no user, so its process runs as root", [image.name])
}

deny contains image.result(msg) if {
	image.config.user != ""
	image.root_user(image.config.user)
	msg := sprintf("%s runs as root (user %s)", [image.name, image.config.user])
}
