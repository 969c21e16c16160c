package paved.dockerfile.sudo_test

import data.paved.dockerfile.fixtures as fx
import data.paved.dockerfile.sudo as p

test_sudo_denied if {
	some v in p.deny with input as fx.one("ubuntu:24.04", [fx.user("app", 2), fx.run("make && sudo make install", 3)])
	v.location.line == 3
}

test_sudo_in_heredoc_denied if {
	r := object.union(fx.run("<<EOF", 2), {"heredocs": [{"name": "EOF", "content": "set -e\nsudo apt-get update\n", "expand": true, "chomp": false}]})
	some _ in p.deny with input as fx.one("ubuntu:24.04", [r])
}

test_no_sudo_passes if {
	count(p.deny) == 0 with input as fx.one("ubuntu:24.04", [fx.run("apt-get install -y pseudo-tool && echo sudoers", 2)])
}
