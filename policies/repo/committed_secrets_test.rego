package paved.repo.committed_secrets_test

import data.paved.repo.committed_secrets

finding := {"file": "app/config.py", "line": 12, "column": 9, "rule": "aws-access-key-id", "description": "AWS access key ID", "fingerprint": "0123456789abcdef0123"}

test_secret_denied if {
	some v in committed_secrets.deny with input as {"secrets": [finding]}
	v.location == {"file": "app/config.py", "line": 12}
	startswith(v.resource, "secret:app/config.py#")
	contains(v.msg, "aws-access-key-id")
}

test_clean_repo_passes if {
	count(committed_secrets.deny) == 0 with input as {"secrets": [], "secrets_skipped": []}
}

test_unscanned_file_denied if {
	some v in committed_secrets.deny with input as {"secrets": [], "secrets_skipped": ["dump.sql"]}
	contains(v.msg, "not scanned")
}
