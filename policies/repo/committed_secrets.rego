# METADATA
# title: No live-looking credentials are committed
# description: |
#   A key, token or private key in the repository is readable by everyone
#   who can clone it, forever: git history keeps it after the file changes.
#   This policy blocks on secrets that look live in ordinary code. One in a
#   test, fixture, documentation or example file, a known placeholder
#   (EXAMPLE, changeme, your-token-here…), a published test key, or a GitHub
#   token whose checksum fails is reported by REPO-019 instead, as a warning;
#   so is one on a line marked gitleaks:allow, and a file too large to
#   scan. With secrets: strict in .paved.yaml (or --secrets strict) this
#   policy blocks on all of those too. Findings name the file, line, kind of
#   secret and its context; they never show the secret.
# custom:
#   id: REPO-018
#   severity: critical
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:IA-5, SOC2:CC6.1, CIS-Controls:3.11]
#   related: [gitleaks]
#   remediation: |
#     Revoke and rotate the credential first: it is compromised once pushed.
#     Then remove it from the file, load it at run time from a secret store
#     (GitHub Actions secrets, AWS Secrets Manager, Vault), and consider
#     rewriting history (git filter-repo) if the repository is public. If it
#     is a test value, move it where tests live (testdata/, a *_test file) or
#     make it an obvious placeholder; if it is a false positive, waive it
#     with the reason.
#   enforcement: deny
package paved.repo.committed_secrets

import data.paved.lib.secrets

# One result per secret that looks live; with strict, per secret.
deny contains secrets.denial(s, secrets.message(s)) if {
	some s in secrets.findings
	secrets.live(s)
}

deny contains secrets.denial(s, secrets.message(s)) if {
	secrets.strict
	some s in secrets.findings
	not secrets.live(s)
}

deny contains secrets.unscanned_denial(f) if {
	secrets.strict
	some f in secrets.unscanned
}
