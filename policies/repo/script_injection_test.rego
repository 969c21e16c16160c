package paved.repo.script_injection_test

import data.paved.repo.script_injection

wf(expr) := {"workflows": [{
	"path": "w.yml", "file": "w.yml",
	"jobs": [{"id": "greet", "steps": [{"expressions": [{"expr": expr, "line": 14}]}]}],
}]}

test_issue_title_denied if {
	some v in script_injection.deny with input as wf("github.event.issue.title")
	v.location.line == 14
}

test_head_ref_denied if {
	count(script_injection.deny) == 1 with input as wf("github.head_ref")
}

test_whole_object_denied if {
	count(script_injection.deny) == 1 with input as wf("toJSON(github.event.pull_request)")
}

test_commit_message_denied if {
	count(script_injection.deny) == 1 with input as wf("github.event.commits[0].message")
}

test_number_passes if {
	count(script_injection.deny) == 0 with input as wf("github.event.pull_request.number")
}

test_sha_passes if {
	count(script_injection.deny) == 0 with input as wf("github.sha")
}
