package paved.dockerfile.base_digest_test

import data.paved.dockerfile.base_digest as p
import data.paved.dockerfile.fixtures as fx

digest := "sha256:4e4d3c1f0b6b4f4e0b8d3c1f0b6b4f4e0b8d3c1f0b6b4f4e0b8d3c1f0b6b4f4e"

test_tag_only_denied if {
	some v in p.deny with input as fx.one("node:20", [])
	v.resource == "stage[0]"
	contains(v.msg, "not pinned by digest")
}

test_builder_stage_denied if {
	d := fx.doc([
		fx.stage(0, "build", fx.from("golang:1.22"), []),
		fx.stage(1, "", fx.from(sprintf("alpine:3.20@%s", [digest])), []),
	])
	{v.resource | some v in p.deny with input as d} == {"stage:build"}
}

test_unresolved_denied if {
	f := object.union(fx.from(""), {"raw": "${BASE}", "unresolved": true})
	some v in p.deny with input as fx.doc([fx.stage(0, "", f, [])])
	contains(v.msg, "cannot be verified")
}

test_digest_stage_and_scratch_pass if {
	d := fx.doc([
		fx.stage(0, "build", fx.from(sprintf("golang:1.22@%s", [digest])), []),
		fx.stage(1, "test", fx.from_stage("build", 0), []),
		fx.stage(2, "", fx.from("scratch"), []),
	])
	count(p.deny) == 0 with input as d
}

# A reference ending in a digest, literal or a build argument, is pinned
# whatever values its arguments get; one without a digest is not.
test_reference_ending_in_digest_passes if {
	f := object.union(fx.from("golang:1.22@sha256:"), {"raw": "golang:1.22@sha256:${GO_DIGEST}", "unresolved": true})
	count(p.deny) == 0 with input as fx.doc([fx.stage(0, "", f, [])])
	g := object.union(fx.from("@sha256:"), {"raw": "${IMAGE}@sha256:$DIGEST", "unresolved": true})
	count(p.deny) == 0 with input as fx.doc([fx.stage(0, "", g, [])])
	h := object.union(fx.from(sprintf("golang:@%s", [digest])), {"raw": sprintf("golang:${TAG}@%s", [digest]), "unresolved": true})
	count(p.deny) == 0 with input as fx.doc([fx.stage(0, "", h, [])])
	i := object.union(fx.from("golang:"), {"raw": "golang:${TAG}", "unresolved": true})
	count(p.deny) == 1 with input as fx.doc([fx.stage(0, "", i, [])])
}
