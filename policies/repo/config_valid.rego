# METADATA
# title: Workflow, Dependabot and pre-commit configuration parses
# description: |
#   A workflow GitHub cannot parse does not run, so the checks it was meant
#   to enforce silently stop; a broken Dependabot or pre-commit config
#   disables updates and hooks the same way.
# custom:
#   id: REPO-017
#   severity: high
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:CM-6, SOC2:CC8.1]
#   related: [actionlint:syntax-check]
#   remediation: |
#     Fix the YAML error at the line given (indentation, an unquoted `:` or
#     `{`), and check workflows with actionlint.
#   enforcement: deny
package paved.repo.config_valid

import data.paved.lib.repo

configs := array.concat(repo.workflows, [c |
	some key in ["dependabot", "pre_commit"]
	c := object.get(input, key, null)
	c != null
])

deny contains repo.result_at(c, c.error.line, sprintf("%s: %s", [c.path, c.error.msg])) if {
	some c in configs
	object.get(c, "error", null) != null
}
