package paved.repo.workflow_permissions_test

import data.paved.repo.workflow_permissions

wf(top, jobperm) := {"workflows": [{
	"path": "ci.yml", "file": "ci.yml", "error": null, "permissions": top, "permissions_line": 3,
	"jobs": [{"id": "build", "permissions": jobperm, "permissions_line": 8}],
}]}

test_no_permissions_denied if {
	some v in workflow_permissions.deny with input as wf(null, null)
	contains(v.msg, "job build")
}

test_write_all_denied if {
	some v in workflow_permissions.deny with input as wf("write-all", null)
	v.location.line == 3
}

test_job_write_all_denied if {
	some v in workflow_permissions.deny with input as wf({"contents": "read"}, "write-all")
	v.location.line == 8
}

test_top_level_passes if {
	count(workflow_permissions.deny) == 0 with input as wf({"contents": "read"}, null)
}

test_every_job_passes if {
	count(workflow_permissions.deny) == 0 with input as wf(null, {"contents": "read"})
}
