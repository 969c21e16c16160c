package paved.repo.security_policy_test

import data.paved.repo.security_policy

test_missing_denied if {
	some v in security_policy.deny with input as {"security_policy": null}
	v.resource == "repo"
}

test_empty_denied if {
	some v in security_policy.deny with input as {"security_policy": {"path": "SECURITY.md", "file": "SECURITY.md", "size": 0}}
	v.location.file == "SECURITY.md"
}

test_present_passes if {
	count(security_policy.deny) == 0 with input as {"security_policy": {"path": "SECURITY.md", "file": "SECURITY.md", "size": 10}}
}
