package paved.dockerfile.expose_ssh_test

import data.paved.dockerfile.expose_ssh

stage(args) := {"address": "stage[0]", "line": 1, "instructions": [{"cmd": "expose", "args": args, "line": 3}]}

test_ssh_exposed_denied if {
	some v in expose_ssh.deny with input as {"path": "Dockerfile", "stages": [stage(["8080", "22/tcp"])]}
	v.location.line == 3
}

test_other_ports_pass if {
	count(expose_ssh.deny) == 0 with input as {"path": "Dockerfile", "stages": [stage(["8080", "2222"])]}
}
