package paved.image.setuid_test

import data.paved.image.fixtures as fx
import data.paved.image.setuid as p

test_none_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_setuid_fails_unless_allowed if {
	d := fx.fs_with({"setuid": [{"path": "/usr/bin/passwd", "mode": "4755", "uid": 0}], "setgid": [{"path": "/usr/bin/chage", "mode": "2755", "gid": 42}]})
	some v in p.deny with input as d
	contains(v.msg, "/usr/bin/chage (setgid 2755), /usr/bin/passwd (setuid 4755)")
	count(p.deny) == 0 with input as d with data.params.setuid_allowed as ["/usr/bin/passwd", "/usr/bin/chage"]
}

test_unread_fs_fails if {
	some v in p.deny with input as fx.fs_with({"walked": false})
	contains(v.msg, "not judged for setuid")
}
