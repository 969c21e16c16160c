package paved.repo.actions_pinned_test

import data.paved.repo.actions_pinned

wf(uses) := {"workflows": [{
	"path": ".github/workflows/ci.yml", "file": ".github/workflows/ci.yml",
	"jobs": [{"id": "b", "uses": null, "steps": [{"uses": uses}]}],
}]}

test_tag_denied if {
	some v in actions_pinned.deny with input as wf({"raw": "actions/checkout@v4", "kind": "action", "owner": "actions", "ref": "v4", "line": 9})
	v.location.line == 9
	v.resource == ".github/workflows/ci.yml"
}

test_docker_tag_denied if {
	count(actions_pinned.deny) == 1 with input as wf({"raw": "docker://alpine:3", "kind": "docker", "owner": "", "ref": "3", "line": 9})
}

test_reusable_branch_denied if {
	w := {"workflows": [{"path": "w.yml", "file": "w.yml", "jobs": [{"id": "c", "steps": [], "uses": {"raw": "o/r/.github/workflows/x.yml@main", "kind": "reusable", "owner": "o", "ref": "main", "line": 5}}]}]}
	count(actions_pinned.deny) == 1 with input as w
}

test_sha_passes if {
	count(actions_pinned.deny) == 0 with input as wf({"raw": "x", "kind": "action", "owner": "o", "ref": "8e5e7e5ab8b370d6c329ec480221332ada57f0ab", "line": 9})
}

test_local_and_digest_pass if {
	count(actions_pinned.deny) == 0 with input as wf({"raw": "./a", "kind": "local", "owner": "", "ref": "", "line": 9})
	count(actions_pinned.deny) == 0 with input as wf({"raw": "docker://a@sha256:ab", "kind": "docker", "owner": "", "ref": "sha256:ab", "line": 9})
}

test_trusted_owner_param if {
	count(actions_pinned.deny) == 0 with input as wf({"raw": "actions/checkout@v4", "kind": "action", "owner": "actions", "ref": "v4", "line": 9})
		with data.params.unpinned_owners as ["actions"]
}
