# METADATA
# title: Workflows restrict the GITHUB_TOKEN's permissions
# description: |
#   Without a permissions key a workflow's token gets the repository's
#   default, often write access to contents, packages and pull requests; a
#   compromised step (a poisoned action or dependency) then can push code or
#   publish releases. write-all grants everything.
# custom:
#   id: REPO-009
#   severity: high
#   kind: repo
#   resource_types: [workflow]
#   controls: [NIST-800-53:AC-6, SOC2:CC6.3]
#   related: [Scorecard:Token-Permissions]
#   remediation: |
#     Add `permissions: contents: read` (or `permissions: {}`) at the top of
#     the workflow and grant each job only the scopes it needs in its own
#     permissions block. Never use write-all.
#   enforcement: deny
package paved.repo.workflow_permissions

import data.paved.lib.repo

deny contains repo.wf_result(wf, 1, msg) if {
	some wf in repo.workflows
	object.get(wf, "error", null) == null
	wf.permissions == null
	some job in wf.jobs
	job.permissions == null
	msg := sprintf("%s has no top-level permissions and job %s sets none", [wf.path, job.id])
}

deny contains repo.wf_result(wf, wf.permissions_line, sprintf("%s grants write-all", [wf.path])) if {
	some wf in repo.workflows
	wf.permissions == "write-all"
}

deny contains repo.wf_result(wf, job.permissions_line, sprintf("job %s grants write-all", [job.id])) if {
	some wf in repo.workflows
	some job in wf.jobs
	job.permissions == "write-all"
}
