# METADATA
# title: CODEOWNERS covers the whole tree with valid owners
# description: |
#   A path no CODEOWNERS rule covers merges without its owners' review, and
#   an owner GitHub cannot parse is silently ignored. Either a default `*`
#   rule or rules covering every top-level entry give every change an owner.
# custom:
#   id: REPO-004
#   severity: medium
#   kind: repo
#   resource_types: [repo]
#   controls: [SOC2:CC8.1, NIST-800-53:CM-3]
#   related: []
#   tags: [golden-path]
#   remediation: |
#     Add a default rule `* @org/team` at the top of CODEOWNERS (later rules
#     override it), or rules for each top-level file and directory listed.
#     Owners are @user, @org/team or an email address.
#   enforcement: deny
package paved.repo.codeowners_coverage

import data.paved.lib.repo

co := object.get(input, "codeowners", null)

deny contains repo.result_at(co, 1, msg) if {
	co != null
	count(co.rules) > 0
	count(co.uncovered_top_level) > 0
	msg := sprintf("%s: no owner for %s (add a `*` rule)", [co.path, concat(", ", co.uncovered_top_level)])
}

deny contains repo.result_at(co, e.line, sprintf("%s:%d: %s", [co.path, e.line, e.msg])) if {
	co != null
	some e in co.errors
}
