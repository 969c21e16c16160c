# METADATA
# title: Committed-secret helpers
# description: |
#   Helpers over the repository's secret findings (input.secrets, see
#   docs/repo-input.md), shared by REPO-018, which blocks on live-looking
#   secrets, and REPO-019, which reports the others. IMG-009 judges an
#   image's files (input.filesystem.secrets, docs/image-input.md) with the
#   same strict, live, resource and unscanned-file helpers.
package paved.lib.secrets

import data.paved.lib.repo

# findings is every secret finding of the repository ([] when none).
findings := object.get(input, "secrets", [])

# unscanned is every file not scanned for being larger than the size bound.
unscanned := object.get(input, "secrets_skipped", [])

# unscanned_denial(f) is a result about a file not scanned; with strict, it
# says why it blocks.
unscanned_denial(f) := {
	"msg": unscanned_message(unscanned_file(f)),
	"resource": unscanned_resource(f),
	"location": {"file": unscanned_file(f), "line": 1},
}

# unscanned_message(where) says that the file named by where was not
# scanned; with strict, why that blocks.
unscanned_message(where) := strict_suffix(sprintf("%s was not scanned for secrets: it is larger than the size bound, so a credential in it would go unnoticed", [where]))

# unscanned_resource(f) names an unscanned file's finding by its path.
unscanned_resource(f) := sprintf("secret:%s", [unscanned_path(f)])

# An unscanned file is {path (in the repository), file (as checked)}; a
# bare string is both.
unscanned_path(f) := f.path if is_object(f) else := f

unscanned_file(f) := f.file if is_object(f) else := f

strict_suffix(msg) := concat("; ", [msg, "it blocks because secrets are judged strictly (secrets: strict)"]) if {
	strict
} else := msg

# strict: every finding blocks, whatever its context (secrets: strict in
# .paved.yaml, --secrets strict, or data.params.secrets).
strict if repo.params("secrets", "default") == "strict"

# context(s) is where the finding sits and what its value is: code, test,
# fixture, docs, example, placeholder, invalid-checksum, test-vector or
# allowed (docs/repo-input.md).
context(s) := object.get(s, "context", "code")

# live(s): nothing marks the secret as anything but a live credential.
live(s) if context(s) == "code"

# denial(s, msg) is a result about one finding, located at its file and
# line.
denial(s, msg) := {
	"msg": msg,
	"resource": resource(s),
	"location": {"file": s.file, "line": s.line},
}

# resource(s) names one finding by its path (in the repository or the
# image; else the file as checked) plus the start of its fingerprint, which
# survives line moves and never holds the secret.
resource(s) := sprintf("secret:%s#%s", [finding_path(s), substring(s.fingerprint, 0, 12)])

finding_path(s) := s.path if is_string(s.path) else := s.file

# message(s) says where the secret is, what it is, what its context makes of
# it and why that matters; with strict, why a non-live one blocks.
message(s) := msg if {
	live(s)
	msg := sprintf(
		"%s:%d commits %s in ordinary code; anyone who can read the repository or its history can use it until it is revoked (gitleaks rule %s)",
		[s.file, s.line, kind(s), s.rule],
	)
} else := strict_suffix(not_live_message(s))

kind(s) := object.get(s, "kind", "a secret")

reason(s) := object.get(s, "context_reason", "")

not_live_message(s) := sprintf(
	"%s:%d commits %s %s; test credentials are usually throwaway, but if this one is real, anyone who can read the repository can use it (gitleaks rule %s)",
	[s.file, s.line, kind(s), reason(s), s.rule],
) if {
	context(s) in {"test", "fixture"}
} else := sprintf(
	"%s:%d commits %s %s; documentation and examples usually show made-up values, but if this one is real, anyone who can read the repository can use it (gitleaks rule %s)",
	[s.file, s.line, kind(s), reason(s), s.rule],
) if {
	context(s) in {"docs", "example"}
} else := sprintf(
	"%s:%d holds what looks like %s, but %s: a stand-in, not a credential; it is reported so that a real value never takes its place unnoticed (gitleaks rule %s)",
	[s.file, s.line, kind(s), reason(s), s.rule],
) if {
	context(s) == "placeholder"
} else := sprintf(
	"%s:%d holds what looks like %s, but %s; it cannot be a live token (gitleaks rule %s)",
	[s.file, s.line, kind(s), reason(s), s.rule],
) if {
	context(s) == "invalid-checksum"
} else := sprintf(
	"%s:%d commits %s, but %s: everyone has it, so nothing real may rely on it (gitleaks rule %s)",
	[s.file, s.line, kind(s), reason(s), s.rule],
) if {
	context(s) == "test-vector"
} else := sprintf(
	"%s:%d commits %s, but %s, so someone has looked at it and let it stay; if it is real, anyone who can read the repository can use it (gitleaks rule %s)",
	[s.file, s.line, kind(s), reason(s), s.rule],
) if {
	context(s) == "allowed"
} else := sprintf(
	"%s:%d commits %s, which paved judges not live (context %s); if it is real, anyone who can read the repository can use it (gitleaks rule %s)",
	[s.file, s.line, kind(s), context(s), s.rule],
)
