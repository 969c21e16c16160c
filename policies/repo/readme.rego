# METADATA
# title: Repository has a README
# description: |
#   A README is where a newcomer, an on-call engineer or an auditor learns
#   what a repository is for, how to build it and who runs it. A missing or
#   empty one leaves every such question to whoever is still around.
# custom:
#   id: REPO-001
#   severity: low
#   kind: repo
#   resource_types: [repo]
#   controls: [SOC2:CC2.2, NIST-800-53:SA-5]
#   related: []
#   tags: [golden-path]
#   remediation: |
#     Add a README.md at the repository root (or in .github/ or docs/) that
#     says what the project does, how to build and test it, and who owns it.
#   enforcement: deny
package paved.repo.readme

import data.paved.lib.repo

deny contains repo.result("repository has no README") if {
	object.get(input, "readme", null) == null
}

deny contains repo.result_at(input.readme, 1, sprintf("%s is empty", [input.readme.path])) if {
	input.readme != null
	input.readme.size == 0
}
