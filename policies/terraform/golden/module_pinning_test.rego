package paved.terraform.golden.module_pinning_test

import data.paved.terraform.golden.module_pinning as p

call(name, source, version, kind) := {
	"address": sprintf("module.%s", [name]), "name": name, "source": source, "version": version,
	"kind": kind, "resolved": kind == "local", "file": "main.tf", "line": 3,
}

deny_for(calls) := d if {
	d := p.deny with input as {"resources": {}, "module_calls": calls}
}

test_registry_without_version_denied if {
	some v in deny_for([call("vpc", "terraform-aws-modules/vpc/aws", "", "registry")])
	v.resource == "module.vpc"
	v.location == {"file": "main.tf", "line": 3}
}

test_git_without_ref_denied if {
	some v in deny_for([call("net", "git::https://github.com/acme/net.git", "", "git")])
	contains(v.msg, "without ?ref=")
}

test_git_branch_ref_denied if {
	some v in deny_for([call("net", "github.com/acme/net?depth=1&ref=main", "", "git")])
	contains(v.msg, "branch main")
	count(deny_for([call("net", "git::ssh://git@github.com/acme/net.git//vpc?ref=Master", "", "git")])) == 1
}

test_pinned_and_local_modules_pass if {
	calls := [
		call("vpc", "terraform-aws-modules/vpc/aws", "~> 5.1", "registry"),
		call("tag", "git::https://github.com/acme/net.git//vpc?ref=v1.4.0", "", "git"),
		call("sha", "github.com/acme/net?ref=0123456789abcdef0123456789abcdef01234567", "", "git"),
		call("local", "./modules/db", "", "local"),
		call("zip", "https://example.com/net-1.4.0.zip", "", "http"),
	]
	count(deny_for(calls)) == 0
}

test_custom_branch_list if {
	c := call("net", "github.com/acme/net?ref=live", "", "git")
	count(deny_for([c])) == 0
	count(p.deny) == 1 with input as {"module_calls": [c]} with data.params.module_branch_refs as ["live"]
}
