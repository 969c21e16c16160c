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
