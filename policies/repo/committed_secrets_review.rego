# METADATA
# title: Credentials in tests, docs and examples are confirmed fake
# description: |
#   A secret in a test or fixture file, in documentation or an example, a
#   known placeholder (EXAMPLE, changeme, your-token-here, AWS's documented
#   example keys…), a published test key (RFC 9500's, jwt.io's sample), or a
#   GitHub token whose offline checksum fails is most likely not a live
#   credential, so it does not block; it is reported, with what marks it, so
#   that someone confirms it is fake. So is one the repository has told
#   gitleaks about: on a line marked gitleaks:allow, covered by an allowlist
#   of its .gitleaks.toml (global, [[allowlists]] with targetRules, or a
#   rule's own for a rule of the same id) or a rule it disables there, or
#   listed in its .gitleaksignore (file:rule:line entries; entries for a
#   commit name history, not the tree). gitleaks drops those findings;
#   paved reports them, since whoever can push writes those files. A file
#   too large to scan for secrets is reported too (an artwork or a data
#   dump more often than a credential file). Teams that want these to block set
#   secrets: strict in .paved.yaml (or pass --secrets strict): REPO-018 then
#   fails them and this policy stays quiet.
# custom:
#   id: REPO-019
#   severity: medium
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:IA-5, SOC2:CC6.1, CIS-Controls:3.11]
#   related: [gitleaks]
#   remediation: |
#     Check that the value is not a real credential. If it is, revoke it and
#     treat it as REPO-018 says. If it is fake, prefer values that are fake on
#     their face (generated at test time, or an obvious placeholder), or
#     waive the finding with the reason.
#   enforcement: warn
package paved.repo.committed_secrets_review

import data.paved.lib.secrets

deny contains secrets.denial(s, secrets.message(s)) if {
	not secrets.strict
	some s in secrets.findings
	not secrets.live(s)
}

deny contains secrets.unscanned_denial(f) if {
	not secrets.strict
	some f in secrets.unscanned
}
