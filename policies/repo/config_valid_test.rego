package paved.repo.config_valid_test

import data.paved.repo.config_valid

test_broken_workflow_denied if {
	w := {"path": "w.yml", "file": "w.yml", "error": {"line": 3, "msg": "did not find expected key"}}
	some v in config_valid.deny with input as {"workflows": [w]}
	v.location.line == 3
}

test_broken_dependabot_denied if {
	d := {"path": ".github/dependabot.yml", "file": ".github/dependabot.yml", "error": {"line": 2, "msg": "bad"}}
	count(config_valid.deny) == 1 with input as {"workflows": [], "dependabot": d}
}

test_valid_passes if {
	count(config_valid.deny) == 0 with input as {"workflows": [{"path": "w.yml", "file": "w.yml", "error": null}], "pre_commit": null}
}
