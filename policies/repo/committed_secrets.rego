# METADATA
# title: No credentials are committed
# description: |
#   A key, token or private key in the repository is readable by everyone
#   who can clone it, forever: git history keeps it after the file changes.
#   The finding names the file, line and rule; it never shows the secret.
# custom:
#   id: REPO-018
#   severity: critical
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:IA-5, SOC2:CC6.1, CIS-Controls:3.11]
#   related: [gitleaks, Scorecard:Token-Permissions]
#   remediation: |
#     Revoke and rotate the credential first: it is compromised once pushed.
#     Then remove it from the file, load it at run time from a secret store
#     (GitHub Actions secrets, AWS Secrets Manager, Vault), and consider
#     rewriting history (git filter-repo) if the repository is public.
#   enforcement: deny
package paved.repo.committed_secrets

# One result per secret: resource is the file plus the finding's
# fingerprint, which survives line moves and never holds the secret.
deny contains {
	"msg": sprintf("%s: a %s is committed (rule %s)", [s.file, s.description, s.rule]),
	"resource": sprintf("secret:%s#%s", [s.file, substring(s.fingerprint, 0, 12)]),
	"location": {"file": s.file, "line": s.line},
} if {
	some s in object.get(input, "secrets", [])
}

deny contains {
	"msg": sprintf("%s was not scanned for secrets: larger than the size bound", [f]),
	"resource": sprintf("secret:%s", [f]),
	"location": {"file": f, "line": 1},
} if {
	some f in object.get(input, "secrets_skipped", [])
}
