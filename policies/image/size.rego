# METADATA
# title: Images stay within the size budget
# description: |
#   Size is what every node pulls on every scale-up and every scanner reads;
#   a runtime image several times its peers' size usually carries a build
#   toolchain, caches or a second copy of the application. The manifest's
#   size (config plus compressed layers) is compared with max_image_size_mb
#   (default 1024).
# custom:
#   id: IMG-013
#   severity: low
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:CM-7]
#   related: []
#   remediation: |
#     Build in stages and copy only the artefacts into a minimal final stage
#     (distroless, a Chainguard image, scratch for static binaries); raise
#     max_image_size_mb for images that need the room.
#   enforcement: deny
package paved.image.size

import data.paved.lib.image

max_mb := image.params("max_image_size_mb", 1024)

deny contains image.result(msg) if {
	mb := input.size / (1024 * 1024)
	mb > max_mb
	msg := sprintf("%s is %v MB compressed, over the %v MB budget", [image.name, round(mb), max_mb])
}
