# METADATA
# title: Repository has a CODEOWNERS file
# description: |
#   CODEOWNERS names who reviews changes to which paths and is where paved
#   (and the KPIs) read a repository's owning team when catalog-info.yaml
#   does not say. Without it, changes can merge with nobody accountable.
# custom:
#   id: REPO-003
#   severity: medium
#   kind: repo
#   resource_types: [repo]
#   controls: [SOC2:CC8.1, NIST-800-53:CM-3]
#   related: []
#   tags: [golden-path]
#   remediation: |
#     Add .github/CODEOWNERS (or CODEOWNERS, docs/CODEOWNERS) with at least
#     a default rule: `* @org/team`.
#   enforcement: deny
package paved.repo.codeowners

import data.paved.lib.repo

deny contains repo.result("repository has no CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS)") if {
	object.get(input, "codeowners", null) == null
}

deny contains repo.result_at(input.codeowners, 1, sprintf("%s has no rules", [input.codeowners.path])) if {
	input.codeowners != null
	count(input.codeowners.rules) == 0
}
