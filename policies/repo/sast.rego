# METADATA
# title: A SAST or code-scanning workflow runs
# description: |
#   Static analysis (CodeQL, Semgrep, gosec…) catches injection, unsafe
#   deserialization and similar flaws on every change, before review has to.
# custom:
#   id: REPO-013
#   severity: medium
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:SA-11, NIST-800-53:RA-5, SOC2:CC7.1]
#   related: [Scorecard:SAST]
#   remediation: |
#     Add a workflow running github/codeql-action (init and analyze) or
#     another SAST tool on pull requests. Tools recognized (in uses or run)
#     are the sast_tools parameter (default codeql, semgrep, gosec, bandit,
#     brakeman, snyk, sonar, checkmarx, bearer, njsscan, horusec, fortify).
#   enforcement: deny
package paved.repo.sast

import data.paved.lib.repo

tools := repo.params("sast_tools", [
	"codeql", "semgrep", "gosec", "bandit", "brakeman", "snyk", "sonar",
	"checkmarx", "bearer", "njsscan", "horusec", "fortify",
])

deny contains repo.result("no workflow runs a SAST tool (CodeQL, Semgrep, gosec…)") if not has_sast

has_sast if {
	some wf in repo.workflows
	some u in repo.uses(wf)
	some t in tools
	contains(lower(u.action), t)
}

has_sast if {
	some wf in repo.workflows
	some s in repo.steps(wf)
	is_string(s.step.run)
	some t in tools
	regex.match(sprintf(`(^|[\s/])%s(\s|$)`, [t]), lower(s.step.run))
}
