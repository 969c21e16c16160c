# METADATA
# title: Base images are pinned by digest
# description: |
#   A tag is a pointer the publisher (or whoever compromises the registry)
#   can move: the same Dockerfile then builds a different image, unreviewed.
#   A digest names exactly one image. Every stage built on a registry image
#   is judged, builder stages too, since what they contain ends up in the
#   artifact; stages built on an earlier stage, and scratch, pass. A base
#   image written with a build argument that has no default cannot be
#   shown to be pinned and is denied, unless the reference ends in a
#   digest, literal or itself an argument (FROM golang:1.22@sha256:${D}):
#   whatever values the build passes, the reference names one image, and
#   without a digest value the build fails. OpenSSF Scorecard's
#   Pinned-Dependencies check counts a digest argument as pinned too, and
#   like paved exempts scratch and earlier stages (it also skips template
#   Dockerfiles, which paved's loader reads); hadolint and Checkov have no
#   digest rule.
# custom:
#   id: DF-002
#   severity: medium
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [CIS-Docker-4.2, NIST-800-53:SI-7, NIST-800-53:CM-2, SLSA:build-reproducible]
#   related: []
#   tags: [golden-path, supply-chain]
#   remediation: |
#     Append the digest of the image you tested to the reference, keeping the
#     tag for readers: FROM golang:1.22@sha256:<digest> (docker buildx
#     imagetools inspect golang:1.22 shows it). Let Renovate or Dependabot
#     keep the digest current. For a build argument, give the ARG a pinned
#     default.
#   enforcement: deny
package paved.dockerfile.base_digest

import data.paved.lib.dockerfile as df

deny contains df.stage_result(s, msg) if {
	some s in input.stages
	df.external(s)
	not s.from.unresolved
	s.from.digest == ""
	msg := sprintf("Stage %s builds on %s, which is not pinned by digest", [s.address, s.from.raw])
}

deny contains df.stage_result(s, msg) if {
	some s in input.stages
	s.from.unresolved
	not ends_in_digest(s.from.raw)
	msg := sprintf("Stage %s builds on %s, a build argument without a default, so its pin cannot be verified", [s.address, s.from.raw])
}

# ends_in_digest(raw) holds when a reference as written ends in a digest,
# literal or a build argument.
ends_in_digest(raw) if regex.match(`@sha256:([a-f0-9]{64}|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*)$`, raw)
