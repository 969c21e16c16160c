package paved.image.age_test

import data.paved.image.age as p
import data.paved.image.fixtures as fx

test_recent_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_old_fails if {
	some v in p.deny with input as fx.config_with({"created": "2020-01-02T03:04:05Z"})
	contains(v.msg, "more than the 90 days allowed")
	count(p.deny) == 0 with input as fx.config_with({"created": "2020-01-02T03:04:05Z"}) with data.params.max_image_age_days as 100000
}

test_undated_fails if {
	some v in p.deny with input as fx.config_with({"created": ""})
	contains(v.msg, "no creation time")
	# "" is that one denial, and is never parsed (a builtin error).
	count(p.deny) == 1 with input as fx.config_with({"created": ""})
}
