package paved.repo.committed_secrets_test

import data.paved.repo.committed_secrets

finding(path, context, reason) := {
	"path": path, "file": path, "line": 12, "column": 9, "rule": "github-pat",
	"kind": "a GitHub personal access token", "context": context, "context_reason": reason,
	"fingerprint": "0123456789abcdef0123",
}

live := finding("app/config.py", "code", "")

fixture := finding("internal/testdata/config.py", "fixture", "under testdata/, where test data lives")

test_live_secret_in_code_denied if {
	some v in committed_secrets.deny with input as {"secrets": [live]}
	v.location == {"file": "app/config.py", "line": 12}
	v.resource == "secret:app/config.py#0123456789ab"
	v.msg == "app/config.py:12 commits a GitHub personal access token in ordinary code; anyone who can read the repository or its history can use it until it is revoked (gitleaks rule github-pat)"
}

# The resource follows the path in the repository, not the scanned
# directory's name.
test_resource_is_the_repository_path if {
	s := object.union(live, {"file": "../checkout/app/config.py"})
	some v in committed_secrets.deny with input as {"secrets": [s]}
	v.resource == "secret:app/config.py#0123456789ab"
	v.location.file == "../checkout/app/config.py"
}

test_same_value_in_fixture_does_not_block if {
	count(committed_secrets.deny) == 0 with input as {"secrets": [fixture]}
}

test_placeholder_and_bad_checksum_do_not_block if {
	docs := [
		finding("config.py", "placeholder", "the value is AWS's documented example key"),
		finding("ci.sh", "invalid-checksum", "its checksum (the last six characters) does not match, so GitHub would reject it"),
		finding("key.pem", "test-vector", "the value is RFC 9500's published test RSA key"),
		finding("README.md", "docs", "in documentation (README.md)"),
	]
	count(committed_secrets.deny) == 0 with input as {"secrets": docs}
}

test_strict_blocks_fixture if {
	some v in committed_secrets.deny with input as {"secrets": [fixture]} with data.params.secrets as "strict"
	v.location.file == "internal/testdata/config.py"
	contains(v.msg, "under testdata/, where test data lives")
	endswith(v.msg, "it blocks because secrets are judged strictly (secrets: strict)")
}

test_strict_blocks_placeholder if {
	s := finding("config.py", "placeholder", `the value holds the placeholder "changeme"`)
	count(committed_secrets.deny) == 1 with input as {"secrets": [s]} with data.params.secrets as "strict"
}

test_strict_still_blocks_live if {
	count(committed_secrets.deny) == 1 with input as {"secrets": [live]} with data.params.secrets as "strict"
}

# A document without context (an older loader) is judged as live.
test_finding_without_context_denied if {
	s := {"file": "a.py", "line": 1, "rule": "private-key", "fingerprint": "00112233445566778899"}
	some v in committed_secrets.deny with input as {"secrets": [s]}
	v.msg == "a.py:1 commits a secret in ordinary code; anyone who can read the repository or its history can use it until it is revoked (gitleaks rule private-key)"
}

test_clean_repo_passes if {
	count(committed_secrets.deny) == 0 with input as {"secrets": [], "secrets_skipped": []}
}

test_unscanned_file_left_to_repo_019 if {
	count(committed_secrets.deny) == 0 with input as {"secrets": [], "secrets_skipped": ["dump.sql"]}
}

test_strict_blocks_unscanned_file if {
	some v in committed_secrets.deny with input as {"secrets": [], "secrets_skipped": ["dump.sql"]} with data.params.secrets as "strict"
	v.resource == "secret:dump.sql"
	v.msg == "dump.sql was not scanned for secrets: it is larger than the size bound, so a credential in it would go unnoticed; it blocks because secrets are judged strictly (secrets: strict)"
}
