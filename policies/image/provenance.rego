# METADATA
# title: Images carry SLSA provenance from a trusted builder and the expected source
# description: |
#   Provenance says which builder made the image from which source. It
#   counts only as a verified attestation: an in-toto statement in a DSSE
#   envelope signed by a trusted signer, whose subject is this image's
#   digest (an unsigned or re-targeted envelope is a forgery anyone can
#   attach). The builder must be one of trusted_builders (an id, or a prefix
#   ending in *), and the source repository the one the image says it is
#   built from: the source_repos parameter (image repository → source
#   repository) when it names the image, else the image's
#   org.opencontainers.image.source label. SLSA provenance v0.2 and v1 are
#   read. When the attestations could not be looked up (an OCI layout or a
#   docker archive, an unreachable registry) the image fails saying so: an
#   unknown is not a pass.
#
#   Peers: slsa-verifier verify-image and policy-controller's SLSA
#   attestation policies check the same facts at deploy time.
# custom:
#   id: IMG-002
#   severity: high
#   kind: image
#   resource_types: []
#   controls: [SLSA:Build-L2, SLSA:Build-L3, NIST-800-53:SR-4, NIST-800-218:PS.2]
#   related: []
#   remediation: |
#     Generate provenance in the release pipeline (slsa-github-generator's
#     container workflow, or GitHub's attest-build-provenance) and attach it
#     with the image; add your builder to trusted_builders and, where the
#     label is missing, the image's source repository to source_repos.
#   enforcement: deny
package paved.image.provenance

import data.paved.lib.image

default_builders := [
	"https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v*",
	"https://github.com/actions/runner/github-hosted",
]

builders := image.params("trusted_builders", default_builders)

provenance := image.attestations(image.slsa_provenance_types)

# expected_source is the repository the image should be built from, or
# undefined when nothing names one.
expected_source := image.normalize_repo(s) if {
	some pattern, s in image.params("source_repos", {})
	image.matches(input.repository, {pattern})
} else := image.normalize_repo(s) if {
	s := image.config.labels["org.opencontainers.image.source"]
	s != ""
}

deny contains image.result(no_provenance) if {
	count(provenance) == 0
}

# no_provenance says that none counts; when the attestations could not all
# be looked up (an OCI layout, an unreachable registry), that the fact is
# unknown rather than absent.
no_provenance := sprintf("the attestations of %s could not be looked up, so no SLSA provenance is verified%s: %s", [image.name, found, reason]) if {
	reason := image.unchecked_signatures
} else := sprintf("%s has no verified SLSA provenance%s", [image.name, found])

found := image.uncounted_note(image.slsa_provenance_types, "provenance")

deny contains image.result(msg) if {
	count(provenance) > 0
	not any_trusted_builder
	ids := concat(", ", sort({a.slsa.builder_id | some a in provenance}))
	msg := sprintf("the provenance of %s names builder %s, which is not a trusted builder", [image.name, ids])
}

any_trusted_builder if {
	some a in provenance
	image.matches(a.slsa.builder_id, builders)
}

deny contains image.result(msg) if {
	count(provenance) > 0
	expected := expected_source
	not any_from(expected)
	got := concat(", ", sort({a.slsa.source_repo | some a in provenance}))
	msg := sprintf("the provenance of %s says it was built from %s, not from %s", [image.name, got, expected])
}

any_from(expected) if {
	some a in provenance
	image.normalize_repo(a.slsa.source_repo) == expected
}
