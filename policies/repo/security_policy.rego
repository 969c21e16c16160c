# METADATA
# title: Repository has a security policy
# description: |
#   SECURITY.md tells whoever finds a vulnerability how to report it
#   privately. Without it, reports land in public issues or nowhere.
# custom:
#   id: REPO-005
#   severity: low
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:SI-5, SOC2:CC7.3]
#   related: [Scorecard:Security-Policy]
#   remediation: |
#     Add SECURITY.md (at the root, in .github/ or docs/) saying how to report
#     a vulnerability privately (an address or GitHub private reporting) and
#     which versions get fixes.
#   enforcement: deny
package paved.repo.security_policy

import data.paved.lib.repo

deny contains repo.result("repository has no SECURITY.md") if {
	object.get(input, "security_policy", null) == null
}

deny contains repo.result_at(input.security_policy, 1, sprintf("%s is empty", [input.security_policy.path])) if {
	input.security_policy != null
	input.security_policy.size == 0
}
