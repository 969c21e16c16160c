package paved.repo.committed_secrets_review_test

import data.paved.repo.committed_secrets_review

finding(path, context, reason) := {
	"path": path, "file": path, "line": 3, "column": 1, "rule": "private-key",
	"kind": "a private key", "context": context, "context_reason": reason,
	"fingerprint": "ffeeddccbbaa99887766",
}

test_fixture_warns if {
	s := finding("internal/tls/testdata/server.key", "fixture", "under testdata/, where test data lives")
	some v in committed_secrets_review.deny with input as {"secrets": [s]}
	v.resource == "secret:internal/tls/testdata/server.key#ffeeddccbbaa"
	v.location == {"file": "internal/tls/testdata/server.key", "line": 3}
	v.msg == "internal/tls/testdata/server.key:3 commits a private key under testdata/, where test data lives; test credentials are usually throwaway, but if this one is real, anyone who can read the repository can use it (gitleaks rule private-key)"
}

test_test_file_warns if {
	s := finding("tls/conn_test.go", "test", "in a Go test file (*_test.go)")
	some v in committed_secrets_review.deny with input as {"secrets": [s]}
	contains(v.msg, "commits a private key in a Go test file (*_test.go); test credentials")
}

test_docs_warn if {
	s := finding("README.md", "docs", "in documentation (README.md)")
	some v in committed_secrets_review.deny with input as {"secrets": [s]}
	v.msg == "README.md:3 commits a private key in documentation (README.md); documentation and examples usually show made-up values, but if this one is real, anyone who can read the repository can use it (gitleaks rule private-key)"
}

test_placeholder_warns if {
	s := object.union(finding("config.py", "placeholder", "the value is AWS's documented example key"), {"kind": "an AWS access key ID", "rule": "aws-access-token"})
	some v in committed_secrets_review.deny with input as {"secrets": [s]}
	v.msg == "config.py:3 holds what looks like an AWS access key ID, but the value is AWS's documented example key: a stand-in, not a credential; it is reported so that a real value never takes its place unnoticed (gitleaks rule aws-access-token)"
}

test_bad_checksum_reported_as_not_live if {
	s := object.union(
		finding("ci.sh", "invalid-checksum", "its checksum (the last six characters) does not match, so GitHub would reject it"),
		{"kind": "a GitHub personal access token", "rule": "github-pat"},
	)
	some v in committed_secrets_review.deny with input as {"secrets": [s]}
	v.msg == "ci.sh:3 holds what looks like a GitHub personal access token, but its checksum (the last six characters) does not match, so GitHub would reject it; it cannot be a live token (gitleaks rule github-pat)"
}

test_test_vector_warns if {
	s := finding("certs/server.key", "test-vector", "the value is RFC 9500's published test RSA key (testRSA2048)")
	some v in committed_secrets_review.deny with input as {"secrets": [s]}
	v.msg == "certs/server.key:3 commits a private key, but the value is RFC 9500's published test RSA key (testRSA2048): everyone has it, so nothing real may rely on it (gitleaks rule private-key)"
}

test_allowed_marker_warns if {
	s := finding("rules/keys.go", "allowed", "its line carries gitleaks' gitleaks:allow marker")
	some v in committed_secrets_review.deny with input as {"secrets": [s]}
	v.msg == "rules/keys.go:3 commits a private key, but its line carries gitleaks' gitleaks:allow marker, so someone has looked at it and let it stay; if it is real, anyone who can read the repository can use it (gitleaks rule private-key)"
}

test_unscanned_file_warns if {
	some v in committed_secrets_review.deny with input as {"secrets_skipped": ["ext/logo.ai"]}
	v.resource == "secret:ext/logo.ai"
	v.location == {"file": "ext/logo.ai", "line": 1}
	v.msg == "ext/logo.ai was not scanned for secrets: it is larger than the size bound, so a credential in it would go unnoticed"
}

test_strict_leaves_unscanned_file_to_repo_018 if {
	count(committed_secrets_review.deny) == 0 with input as {"secrets_skipped": ["ext/logo.ai"]} with data.params.secrets as "strict"
}

test_unknown_context_warns if {
	s := finding("x.txt", "vendored", "")
	some v in committed_secrets_review.deny with input as {"secrets": [s]}
	v.msg == "x.txt:3 commits a private key, which paved judges not live (context vendored); if it is real, anyone who can read the repository can use it (gitleaks rule private-key)"
}

test_live_secret_left_to_repo_018 if {
	s := finding("server/tls.go", "code", "")
	count(committed_secrets_review.deny) == 0 with input as {"secrets": [s]}
}

test_strict_leaves_all_to_repo_018 if {
	s := finding("internal/tls/testdata/server.key", "fixture", "under testdata/, where test data lives")
	count(committed_secrets_review.deny) == 0 with input as {"secrets": [s]} with data.params.secrets as "strict"
}

test_clean_repo_passes if {
	count(committed_secrets_review.deny) == 0 with input as {}
}

# An unscanned file's finding is named by its path in the repository,
# whatever the path the repository was checked under.
test_unscanned_file_named_by_repository_path if {
	some v in committed_secrets_review.deny with input as {"secrets": [], "secrets_skipped": [{"path": "db/dump.sql", "file": "/ci/run-7/app/db/dump.sql"}]}
	v.resource == "secret:db/dump.sql"
	v.location.file == "/ci/run-7/app/db/dump.sql"
}
