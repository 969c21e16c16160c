package paved.dockerfile.add_remote_test

import data.paved.dockerfile.add_remote as p
import data.paved.dockerfile.fixtures as fx

test_url_denied if {
	some v in p.deny with input as fx.one("alpine:3.20", [fx.instr("add", ["https://example.com/tool.tgz", "/opt/"], 3)])
	v.location.line == 3
	contains(v.msg, "https://example.com/tool.tgz")
}

test_git_denied if {
	some v in p.deny with input as fx.one("alpine:3.20", [fx.instr("add", ["git@github.com:acme/x.git", "/src"], 2)])
	v.resource == "stage[0]"
}

test_checksum_and_local_pass if {
	add := object.union(fx.instr("add", ["https://example.com/tool.tgz", "/opt/"], 3), {"flags": ["--checksum=sha256:abc"]})
	count(p.deny) == 0 with input as fx.one("alpine:3.20", [add, fx.instr("add", ["app.tar.gz", "/opt/"], 4)])
}

test_git_commit_ref_passes if {
	count(p.deny) == 0 with input as fx.one("alpine:3.20", [
		fx.instr("add", ["https://github.com/moby/buildkit.git#8e5e7e5ab8b370d6c329ec480221332ada57f0ab", "/src"], 2),
		fx.instr("add", ["git@github.com:acme/x.git#8e5e7e5ab8b370d6c329ec480221332ada57f0ab:docs", "/docs"], 3),
	])
	count(p.deny) == 1 with input as fx.one("alpine:3.20", [fx.instr("add", ["https://github.com/moby/buildkit.git#v0.10.1", "/src"], 2)])
}
