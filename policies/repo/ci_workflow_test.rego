package paved.repo.ci_workflow_test

import data.paved.repo.ci_workflow

test_no_workflow_denied if {
	some v in ci_workflow.deny with input as {"workflows": []}
	v.resource == "repo"
}

test_only_scheduled_denied if {
	count(ci_workflow.deny) == 1 with input as {"workflows": [{"path": ".github/workflows/n.yml", "on": {"schedule": [{"cron": "0 0 * * *"}]}}]}
}

test_pull_request_workflow_passes if {
	count(ci_workflow.deny) == 0 with input as {"workflows": [{"path": ".github/workflows/ci.yml", "on": {"pull_request": {}}}]}
}
