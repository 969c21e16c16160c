package paved.image.non_root_test

import data.paved.image.fixtures as fx
import data.paved.image.non_root as p

test_non_root_passes if {
	count(p.deny) == 0 with input as fx.doc
	count(p.deny) == 0 with input as fx.config_with({"user": "app:app"})
}

test_unset_user_fails if {
	some v in p.deny with input as fx.config_with({"user": ""})
	contains(v.msg, "sets no user, so its process runs as root")
}

test_root_fails if {
	every u in ["root", "0", "0:0", "ROOT:wheel"] {
		some v in p.deny with input as fx.config_with({"user": u})
		contains(v.msg, "runs as root")
	}
}
