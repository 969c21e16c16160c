package paved.image.world_writable_test

import data.paved.image.fixtures as fx
import data.paved.image.world_writable as p

test_none_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_world_writable_fails_unless_allowed if {
	d := fx.fs_with({"world_writable": [{"path": "/opt/app/cache", "type": "dir"}]})
	some v in p.deny with input as d
	contains(v.msg, "/opt/app/cache (dir)")
	count(p.deny) == 0 with input as d with data.params.world_writable_allowed as ["/opt/app/cache"]
}

test_unread_fs_fails if {
	some v in p.deny with input as fx.fs_with({"complete": false, "reason": "x"})
	contains(v.msg, "not judged for world-writable")
}
