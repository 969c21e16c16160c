# METADATA
# title: A dependency update tool is configured
# description: |
#   Known vulnerabilities in dependencies are fixed upstream long before
#   anyone updates by hand. Dependabot or Renovate open the update pull
#   requests as soon as a release (or an advisory) appears.
# custom:
#   id: REPO-012
#   severity: medium
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:SI-2, NIST-800-53:RA-5, SOC2:CC7.1]
#   related: [Scorecard:Dependency-Update-Tool]
#   remediation: |
#     Add .github/dependabot.yml with an updates entry per ecosystem (and
#     github-actions), or a Renovate config (renovate.json,
#     .github/renovate.json, .renovaterc…).
#   enforcement: deny
package paved.repo.dependency_update_tool

import data.paved.lib.repo

deny contains repo.result("no Dependabot (.github/dependabot.yml) or Renovate configuration") if {
	object.get(input, "dependabot", null) == null
	object.get(input, "renovate", null) == null
}

deny contains repo.result_at(db, 1, sprintf("%s has no updates entries", [db.path])) if {
	db := object.get(input, "dependabot", null)
	db != null
	db.error == null
	count(db.updates) == 0
	object.get(input, "renovate", null) == null
}
