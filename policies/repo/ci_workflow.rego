# METADATA
# title: Repository runs CI
# description: |
#   Without a CI workflow nothing builds, tests or scans a change before it
#   merges, so every other gate (including this one) relies on goodwill.
# custom:
#   id: REPO-007
#   severity: medium
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:SA-11, SOC2:CC8.1]
#   related: [Scorecard:CI-Tests]
#   tags: [golden-path]
#   remediation: |
#     Add a workflow under .github/workflows/ triggered on pull_request (and
#     push to the default branch) that builds and tests the project.
#   enforcement: deny
package paved.repo.ci_workflow

import data.paved.lib.repo

deny contains repo.result("repository has no GitHub Actions workflow triggered by push or pull_request") if {
	not has_ci
}

has_ci if {
	some wf in repo.workflows
	some event in ["push", "pull_request", "pull_request_target", "merge_group"]
	object.get(wf, ["on", event], null) != null
}
