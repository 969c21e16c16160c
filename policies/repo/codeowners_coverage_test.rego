package paved.repo.codeowners_coverage_test

import data.paved.repo.codeowners_coverage

co(uncovered, errors) := {"codeowners": {
	"path": ".github/CODEOWNERS", "file": ".github/CODEOWNERS",
	"rules": [{"pattern": "/src/", "owners": ["@o/t"], "line": 1}],
	"uncovered_top_level": uncovered, "errors": errors,
}}

test_uncovered_denied if {
	some v in codeowners_coverage.deny with input as co(["docs", "go.mod"], [])
	contains(v.msg, "docs, go.mod")
}

test_invalid_owner_denied if {
	some v in codeowners_coverage.deny with input as co([], [{"line": 3, "msg": "invalid owner team"}])
	v.location.line == 3
}

test_covered_passes if {
	count(codeowners_coverage.deny) == 0 with input as co([], [])
}

test_absent_left_to_codeowners_policy if {
	count(codeowners_coverage.deny) == 0 with input as {"codeowners": null}
}
