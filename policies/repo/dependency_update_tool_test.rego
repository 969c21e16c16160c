package paved.repo.dependency_update_tool_test

import data.paved.repo.dependency_update_tool

db(updates) := {"path": ".github/dependabot.yml", "file": ".github/dependabot.yml", "error": null, "updates": updates}

test_none_denied if {
	some v in dependency_update_tool.deny with input as {"dependabot": null, "renovate": null}
	v.resource == "repo"
}

test_empty_dependabot_denied if {
	some v in dependency_update_tool.deny with input as {"dependabot": db([]), "renovate": null}
	contains(v.msg, "no updates")
}

test_dependabot_passes if {
	count(dependency_update_tool.deny) == 0 with input as {"dependabot": db([{"package_ecosystem": "gomod"}]), "renovate": null}
}

test_renovate_passes if {
	count(dependency_update_tool.deny) == 0 with input as {"dependabot": null, "renovate": {"path": "renovate.json"}}
}
