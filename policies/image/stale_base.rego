# METADATA
# title: Images are built on the current version of their base
# description: |
#   When the base image's tag now points to other content than the image was
#   built on, the base has been rebuilt (usually with security fixes) and
#   this image has not. The base is read from the image's base annotations
#   (org.opencontainers.image.base.name and .base.digest) and looked up in
#   its registry. Offline, or when the registry cannot be reached, the
#   answer is unknown and the image fails with that reason rather than
#   passing; an image that records no base digest cannot be judged either.
# custom:
#   id: IMG-016
#   severity: medium
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:SI-2, NIST-800-53:CM-3]
#   related: []
#   remediation: |
#     Rebuild the image on the current base (automate it: Renovate or
#     Dependabot on the FROM line plus a scheduled rebuild), and let the
#     builder record the base (docker buildx writes both annotations).
#   enforcement: deny
package paved.image.stale_base

import data.paved.lib.image

base := object.get(input, "base", {})

deny contains image.result(msg) if {
	object.get(base, "digest", "") == ""
	msg := sprintf("%s does not record the digest of its base image, so whether the base is current cannot be judged", [image.name])
}

deny contains image.result(msg) if {
	base.digest != ""
	not base.checked
	msg := sprintf("whether the base of %s (%s) is current is unknown: %s", [image.name, base.name, base.error])
}

deny contains image.result(msg) if {
	base.digest != ""
	base.checked
	base.current_digest != base.digest
	msg := sprintf("%s is built on %s@%s, but %s now points to %s: the base has been rebuilt since", [image.name, base.name, base.digest, base.name, base.current_digest])
}
