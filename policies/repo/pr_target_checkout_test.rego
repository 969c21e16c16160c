package paved.repo.pr_target_checkout_test

import data.paved.repo.pr_target_checkout

wf(on, ref) := {"workflows": [{
	"path": "t.yml", "file": "t.yml", "on": on,
	"jobs": [{"id": "j", "uses": null, "steps": [{
		"line": 10, "uses": {"action": "actions/checkout", "kind": "action"},
		"with": {"ref": ref}, "with_lines": {"ref": 12},
	}]}],
}]}

test_head_checkout_denied if {
	some v in pr_target_checkout.deny with input as wf({"pull_request_target": {}}, "${{ github.event.pull_request.head.sha }}")
	v.location.line == 12
}

test_head_ref_denied if {
	count(pr_target_checkout.deny) == 1 with input as wf({"pull_request_target": {}}, "${{ github.head_ref }}")
}

test_pull_merge_ref_denied if {
	count(pr_target_checkout.deny) == 1 with input as wf({"pull_request_target": {}}, "refs/pull/${{ github.event.number }}/merge")
}

test_base_checkout_passes if {
	count(pr_target_checkout.deny) == 0 with input as wf({"pull_request_target": {}}, "")
}

test_pull_request_trigger_passes if {
	count(pr_target_checkout.deny) == 0 with input as wf({"pull_request": {}}, "${{ github.event.pull_request.head.sha }}")
}
