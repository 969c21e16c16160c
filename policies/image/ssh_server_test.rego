package paved.image.ssh_server_test

import data.paved.image.fixtures as fx
import data.paved.image.ssh_server as p

test_without_sshd_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_sshd_fails if {
	some v in p.deny with input as fx.fs_with({"ssh_servers": ["/usr/sbin/sshd"]})
	contains(v.msg, "ships an SSH server (/usr/sbin/sshd)")
}

test_unread_fs_fails if {
	some v in p.deny with input as fx.fs_with({"walked": false})
	contains(v.msg, "not judged for an SSH server")
}

test_walk_turned_off_is_advisory if {
	some v in p.deny with input as fx.fs_with({"walked": false, "complete": false, "reason": "not walked (--no-image-fs)"})
	v.advisory
	some w in p.deny with input as fx.fs_with({"complete": false, "reason": "more than 500000 entries"})
	not w.advisory
}
