# METADATA
# title: Images ship no setuid or setgid files outside the allow-list
# description: |
#   A setuid or setgid executable runs with its owner's or group's rights
#   whoever starts it: in a container that runs as non-root, it is the way
#   back to root. Runtime images need none; the allow-list
#   (setuid_allowed, paths) is for the few a base image ships on purpose.
#   An image whose file system was not read in full fails, since its files
#   were not judged (a warning when the walk was turned off with --no-image-fs).
#
#   Peers: Dockle CIS-DI-0008 lists the same files (as information); CIS
#   Docker 4.8 asks to remove them.
# custom:
#   id: IMG-012
#   severity: medium
#   kind: image
#   resource_types: []
#   controls: [CIS-Docker-4.8, NIST-800-53:AC-6]
#   related: []
#   see_also: [CIS-DI-0008]
#   remediation: |
#     Drop the bits in the final stage (RUN find / -xdev -perm /6000 -type f
#     -exec chmod a-s {} +), remove the binaries the image does not need, or
#     allow a path in setuid_allowed with the reason.
#   enforcement: deny
package paved.image.setuid

import data.paved.lib.image

allowed := {p | some p in image.params("setuid_allowed", [])}

deny contains image.unread_result(msg) if {
	msg := sprintf("the files of %s were not judged for setuid and setgid bits: %s", [image.name, image.fs_unread])
}

deny contains image.result(msg) if {
	files := sort({sprintf("%s (%s %s)", [f.path, kind, f.mode]) |
		some kind, list in {"setuid": object.get(image.fs, "setuid", []), "setgid": object.get(image.fs, "setgid", [])}
		some f in list
		not f.path in allowed
	})
	count(files) > 0
	msg := sprintf("%s ships setuid or setgid files: %s", [image.name, concat(", ", files)])
}
