package paved.dockerfile.healthcheck_test

import data.paved.dockerfile.fixtures as fx
import data.paved.dockerfile.healthcheck as p

test_missing_denied if {
	some v in p.deny with input as fx.one("nginx:1.27", [])
	v.resource == "Dockerfile"
}

test_none_passes if {
	s := object.union(fx.stage(0, "", fx.from("nginx:1.27"), []), {"healthcheck": {"none": true, "line": 3}})
	count(p.deny) == 0 with input as fx.doc([s])
}

test_only_final_stage_counts if {
	b := object.union(fx.stage(0, "build", fx.from("golang:1.22"), []), {"healthcheck": {"none": false, "line": 2}})
	some _ in p.deny with input as fx.doc([b, fx.stage(1, "", fx.from("alpine:3.20"), [])])
}
