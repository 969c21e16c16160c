# METADATA
# title: Base images name a version, not latest
# description: |
#   An untagged base image means latest, and latest is whatever was pushed
#   last: builds stop being reproducible and a major upgrade arrives without
#   review. A digest pins the image whatever the tag says, so a digest
#   passes. Stages built on an earlier stage, scratch, and references
#   through a build argument without a default pass (the digest policy
#   judges those).
#
#   Peers: the same exceptions as hadolint DL3006/DL3007 and Checkov
#   CKV_DOCKER_7 (scratch, earlier stages, a digest with or without a tag),
#   with one deliberate difference: DL3006 skips every image written with a
#   variable, while paved reads the global ARG's default, which is what a
#   plain docker build uses (ARG BASE=alpine then FROM $BASE means
#   alpine:latest and is denied).
# custom:
#   id: DF-003
#   severity: medium
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [CIS-Docker-4.2, NIST-800-53:CM-2]
#   related: [DL3006, DL3007, CKV_DOCKER_7]
#   remediation: |
#     Name the version you tested: FROM python:3.12-slim rather than
#     FROM python or FROM python:latest, and better still pin its digest
#     (FROM python:3.12-slim@sha256:<digest>).
#   enforcement: deny
package paved.dockerfile.image_tag

import data.paved.lib.dockerfile as df

deny contains df.stage_result(s, msg) if {
	some s in input.stages
	judged(s)
	s.from.tag == ""
	msg := sprintf("Stage %s builds on %s without a tag, which means latest", [s.address, s.from.raw])
}

deny contains df.stage_result(s, msg) if {
	some s in input.stages
	judged(s)
	lower(s.from.tag) == "latest"
	msg := sprintf("Stage %s builds on %s, which moves with every release", [s.address, s.from.raw])
}

judged(s) if {
	df.external(s)
	not s.from.unresolved
	s.from.digest == ""
}
