package paved.dockerfile.image_tag_test

import data.paved.dockerfile.fixtures as fx
import data.paved.dockerfile.image_tag as p

test_untagged_denied if {
	some v in p.deny with input as fx.one("ubuntu", [])
	contains(v.msg, "without a tag")
}

test_latest_denied if {
	some v in p.deny with input as fx.one("registry.example.com/team/base:latest", [])
	contains(v.msg, "moves with every release")
}

test_versioned_digest_and_stage_pass if {
	d := fx.doc([
		fx.stage(0, "build", fx.from("golang:1.22"), []),
		fx.stage(1, "", fx.from("alpine@sha256:abc"), []),
		fx.stage(2, "", fx.from_stage("build", 0), []),
		fx.stage(3, "", fx.from("scratch"), []),
	])
	count(p.deny) == 0 with input as d
}
