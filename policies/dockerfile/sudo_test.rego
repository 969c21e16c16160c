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

# hadolint DL3004: an ONBUILD RUN runs in every image built FROM this one.
test_sudo_in_onbuild_denied if {
	some v in p.deny with input as fx.one("ubuntu:24.04", [fx.onbuild(fx.run("apt-get update && sudo apt-get install -y curl", 0), 4)])
	v.location.line == 4
	startswith(v.msg, "ONBUILD RUN at line 4")
}

test_onbuild_without_sudo_passes if {
	d := fx.one("ubuntu:24.04", [
		fx.onbuild(fx.run("apt-get install -y sudo", 0), 2),
		fx.onbuild(fx.user("sudo", 0), 3),
	])
	count(p.deny) == 0 with input as d
}

# Checkov CKV2_DOCKER_1 matches " sudo " anywhere; installing the package is
# not running it.
test_sudo_as_argument_passes if {
	count(p.deny) == 0 with input as fx.one("debian:12", [fx.run("apt-get install -y sudo curl", 2)])
}
