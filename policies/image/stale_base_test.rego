package paved.image.stale_base_test

import data.paved.image.fixtures as fx
import data.paved.image.stale_base as p

current := {"name": "gcr.io/distroless/static-debian12:nonroot", "digest": "sha256:33", "checked": true, "current_digest": "sha256:33", "error": ""}

test_current_base_passes if {
	count(p.deny) == 0 with input as fx.set("/base", current)
}

test_stale_base_fails if {
	some v in p.deny with input as fx.set("/base", object.union(current, {"current_digest": "sha256:44"}))
	contains(v.msg, "now points to sha256:44")
}

test_unknown_never_passes if {
	some v in p.deny with input as fx.set("/base", object.union(current, {"checked": false, "error": "paved ran offline"}))
	contains(v.msg, "is unknown: paved ran offline")
	some w in p.deny with input as fx.set("/base", {"name": "x", "digest": ""})
	contains(w.msg, "does not record the digest")
}
