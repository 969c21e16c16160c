package paved.dockerfile.non_root_user_test

import data.paved.dockerfile.fixtures as fx
import data.paved.dockerfile.non_root_user as p

test_no_user_denied if {
	some v in p.deny with input as fx.one("alpine:3.20", [fx.run("echo hi", 2)])
	v.resource == "Dockerfile"
	contains(v.msg, "sets no USER")
}

test_root_user_denied if {
	some v in p.deny with input as fx.one("alpine:3.20", [fx.user("app", 2), fx.user("0:0", 5)])
	v.location.line == 5
	contains(v.msg, "runs as root")
}

test_root_in_builder_only_passes if {
	d := fx.doc([
		fx.stage(0, "build", fx.from("golang:1.22"), [fx.user("root", 2)]),
		fx.stage(1, "", fx.from("gcr.io/distroless/static"), [fx.user("nonroot", 5)]),
	])
	count(p.deny) == 0 with input as d
}

test_inherited_user_passes if {
	base := fx.stage(0, "base", fx.from("alpine:3.20"), [fx.user("1000", 2)])
	final := object.union(fx.stage(1, "", fx.from_stage("base", 0), []), {"effective_user": "1000"})
	count(p.deny) == 0 with input as fx.doc([base, final])
}
