# METADATA
# title: Repository configures pre-commit hooks
# description: |
#   Hooks run formatters, linters, secret scanners and paved itself before a
#   change leaves a developer's machine, where fixing it is cheapest.
# custom:
#   id: REPO-016
#   severity: low
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:SA-11]
#   related: []
#   tags: [golden-path]
#   remediation: |
#     Add .pre-commit-config.yaml (https://pre-commit.com) with at least the
#     paved hook, or an equivalent hook manager (husky, lefthook, overcommit).
#   enforcement: deny
package paved.repo.pre_commit

import data.paved.lib.repo

deny contains repo.result("no .pre-commit-config.yaml or other hook manager (husky, lefthook, overcommit)") if {
	object.get(input, "pre_commit", null) == null
	count(object.get(input, "hook_managers", [])) == 0
}

deny contains repo.result_at(pc, 1, sprintf("%s configures no hooks", [pc.path])) if {
	pc := object.get(input, "pre_commit", null)
	pc != null
	pc.error == null
	count(pc.repos) == 0
}
