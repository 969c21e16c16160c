package paved.image.package_caches_test

import data.paved.image.fixtures as fx
import data.paved.image.package_caches as p

test_clean_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_cache_fails if {
	some v in p.deny with input as fx.fs_with({"package_caches": [{"path": "/var/lib/apt/lists", "manager": "apt", "bytes": 41943040}]})
	contains(v.msg, "/var/lib/apt/lists (apt, 41943040 bytes)")
}

test_unread_fs_fails if {
	some v in p.deny with input as fx.fs_with({"complete": false, "reason": "a layer is over the size bound"})
	contains(v.msg, "not judged for package caches")
}
