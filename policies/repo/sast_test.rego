package paved.repo.sast_test

import data.paved.repo.sast

wf(step) := {"workflows": [{"path": "w.yml", "file": "w.yml", "jobs": [{"id": "j", "uses": null, "steps": [step]}]}]}

test_none_denied if {
	some v in sast.deny with input as {"workflows": []}
	v.resource == "repo"
}

test_unrelated_step_denied if {
	count(sast.deny) == 1 with input as wf({"uses": null, "run": "go test ./..."})
}

test_codeql_passes if {
	count(sast.deny) == 0 with input as wf({"uses": {"action": "github/codeql-action/analyze"}, "run": null})
}

test_gosec_run_passes if {
	count(sast.deny) == 0 with input as wf({"uses": null, "run": "go install x && gosec ./..."})
}
