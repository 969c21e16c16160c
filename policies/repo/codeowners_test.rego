package paved.repo.codeowners_test

import data.paved.repo.codeowners

test_missing_denied if {
	some v in codeowners.deny with input as {"codeowners": null}
	v.resource == "repo"
}

test_empty_denied if {
	some v in codeowners.deny with input as {"codeowners": {"path": "CODEOWNERS", "file": "CODEOWNERS", "rules": []}}
	contains(v.msg, "no rules")
}

test_present_passes if {
	count(codeowners.deny) == 0 with input as {"codeowners": {"path": "CODEOWNERS", "file": "CODEOWNERS", "rules": [{"pattern": "*", "owners": ["@o/t"], "line": 1}]}}
}
