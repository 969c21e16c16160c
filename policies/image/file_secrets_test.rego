package paved.image.file_secrets_test

import data.paved.image.file_secrets as p
import data.paved.image.fixtures as fx

live := {"path": "/app/.env", "line": 3, "rule": "github-pat", "kind": "a GitHub personal access token", "context": "code", "context_reason": "", "fingerprint": "ab"}

fixture := object.union(live, {"path": "/src/testdata/creds.json", "context": "fixture", "context_reason": "it is under testdata/, where test data lives"})

test_clean_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_live_secret_blocks if {
	some v in p.deny with input as fx.fs_with({"secrets": [live]})
	contains(v.msg, "/app/.env:3 in image://")
	not v.advisory
}

test_fixture_secret_is_advisory_unless_strict if {
	some v in p.deny with input as fx.fs_with({"secrets": [fixture]})
	v.advisory
	contains(v.msg, "under testdata/")
	some w in p.deny with input as fx.fs_with({"secrets": [fixture]}) with data.params.secrets as "strict"
	not w.advisory
}

test_unread_fs_fails if {
	some v in p.deny with input as fx.fs_with({"complete": false, "reason": "more than 1000000 entries"})
	contains(v.msg, "were not judged for secrets: paved could not read its whole file system (more than 1000000 entries)")
	some w in p.deny with input as fx.fs_with({"walked": false})
	contains(w.msg, "the walk was turned off")
}

test_strict_secret_says_why_it_blocks if {
	some v in p.deny with input as fx.fs_with({"secrets": [fixture]}) with data.params.secrets as "strict"
	v.msg == "/src/testdata/creds.json:3 in image://r.example/acme/app@sha256:1111111111111111111111111111111111111111111111111111111111111111 holds a GitHub personal access token, but it is under testdata/, where test data lives (gitleaks rule github-pat); it blocks because secrets are judged strictly (secrets: strict)"
	v.resource == "secret:/src/testdata/creds.json#ab"
}

# A text file over the scan bound was not judged: a warning, never a pass;
# with strict, blocking.
test_skipped_file_is_reported if {
	ds := p.deny with input as fx.fs_with({"secrets_skipped": [{"path": "/data/big.txt"}]})
	count(ds) == 1
	some v in ds
	v.advisory
	v.resource == "secret:/data/big.txt"
	v.msg == "/data/big.txt in image://r.example/acme/app@sha256:1111111111111111111111111111111111111111111111111111111111111111 was not scanned for secrets: it is larger than the size bound, so a credential in it would go unnoticed"
	some w in p.deny with input as fx.fs_with({"secrets_skipped": [{"path": "/data/big.txt"}]}) with data.params.secrets as "strict"
	not w.advisory
	endswith(w.msg, "it blocks because secrets are judged strictly (secrets: strict)")
}
