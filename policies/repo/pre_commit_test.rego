package paved.repo.pre_commit_test

import data.paved.repo.pre_commit

pc(repos) := {"path": ".pre-commit-config.yaml", "file": ".pre-commit-config.yaml", "error": null, "repos": repos}

test_none_denied if {
	some v in pre_commit.deny with input as {"pre_commit": null, "hook_managers": []}
	v.resource == "repo"
}

test_empty_config_denied if {
	some v in pre_commit.deny with input as {"pre_commit": pc([]), "hook_managers": ["pre-commit"]}
	contains(v.msg, "no hooks")
}

test_config_passes if {
	count(pre_commit.deny) == 0 with input as {"pre_commit": pc([{"repo": "local"}]), "hook_managers": ["pre-commit"]}
}

test_husky_passes if {
	count(pre_commit.deny) == 0 with input as {"pre_commit": null, "hook_managers": ["husky"]}
}
