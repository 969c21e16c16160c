# METADATA
# title: Images ship no world-writable files or directories
# description: |
#   A file any user can write is one any process in the container can
#   change, including the application's code or configuration; a
#   world-writable directory without the sticky bit lets any user replace
#   another's files. Runtime images need neither (/tmp has the sticky bit
#   and is not reported). world_writable_allowed lists paths allowed on
#   purpose. An image whose file system was not read in full fails, since
#   its files were not judged (a warning when the walk was turned off with
#   --no-image-fs).
# custom:
#   id: IMG-017
#   severity: low
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:AC-3, CIS-Linux-6.1.10]
#   related: []
#   remediation: |
#     Remove the write bit for others in the final stage (chmod o-w), give
#     the application's writable directories to its own user, or allow a
#     path in world_writable_allowed with the reason.
#   enforcement: deny
package paved.image.world_writable

import data.paved.lib.image

allowed := {p | some p in image.params("world_writable_allowed", [])}

deny contains image.unread_result(msg) if {
	msg := sprintf("the files of %s were not judged for world-writable permissions: %s", [image.name, image.fs_unread])
}

deny contains image.result(msg) if {
	paths := sort({sprintf("%s (%s)", [f.path, f.type]) |
		some f in object.get(image.fs, "world_writable", [])
		not f.path in allowed
	})
	count(paths) > 0
	msg := sprintf("%s ships world-writable paths: %s", [image.name, concat(", ", paths)])
}
