# METADATA
# title: Images ship no SSH server
# description: |
#   A container is reached through its orchestrator (kubectl exec, docker
#   exec), not SSH. An sshd in the image is one more listening daemon with
#   keys to manage and a remote-login surface to patch, usually left from a
#   base meant for virtual machines. An image whose file system was not read
#   in full fails, since its files were not judged (a warning when the walk
#   was turned off with --no-image-fs).
#
#   Peers: Trivy AVD-DS-0004 judges the Dockerfile's EXPOSE 22, the same
#   risk from the other side; Dockle has no equivalent.
# custom:
#   id: IMG-011
#   severity: medium
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:CM-7, CIS-Docker-4.3]
#   related: []
#   see_also: [AVD-DS-0004]
#   remediation: |
#     Remove the SSH server package (openssh-server, dropbear) from the image,
#     or build on a base without it; debug with the orchestrator's exec or an
#     ephemeral debug container.
#   enforcement: deny
package paved.image.ssh_server

import data.paved.lib.image

deny contains image.unread_result(msg) if {
	msg := sprintf("the files of %s were not judged for an SSH server: %s", [image.name, image.fs_unread])
}

deny contains image.result(msg) if {
	servers := object.get(image.fs, "ssh_servers", [])
	count(servers) > 0
	msg := sprintf("%s ships an SSH server (%s)", [image.name, concat(", ", servers)])
}
