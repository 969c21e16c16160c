# METADATA
# title: Images are referenced by digest
# description: |
#   A tag is a pointer anyone with push rights can move: what was judged
#   under app:1.4 today may not be what runs under app:1.4 tomorrow. A
#   reference by digest names exactly the bytes judged (and signed). Images
#   read from an OCI layout or a docker archive are judged by the digest
#   read, so only registry references are held to this.
#
#   Peers: policy-controller and Kyverno's verifyImages (mutateDigest) pin
#   references at admission; Scorecard's Pinned-Dependencies asks the same
#   of Dockerfiles and workflows.
# custom:
#   id: IMG-014
#   severity: medium
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:CM-14, SLSA:Build-L2]
#   related: []
#   see_also: [Scorecard:Pinned-Dependencies]
#   remediation: |
#     Deploy and check the image by digest (r.example/app@sha256:…): CI can
#     print it after the push (docker buildx --metadata-file, crane digest).
#   enforcement: deny
package paved.image.pinned

import data.paved.lib.image

deny contains image.result(msg) if {
	input.source == "registry"
	not input.pinned
	msg := sprintf("%s is referenced by tag %q, which can be moved to other content; reference it by digest (%s@%s)", [image.name, input.tag, input.repository, input.digest])
}
