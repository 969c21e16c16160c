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

slsa(ref) := {"workflows": [{"path": "release.yml", "file": "release.yml", "jobs": [{"id": "provenance", "steps": [], "uses": {
	"raw": sprintf("slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@%s", [ref]),
	"kind": "reusable", "owner": "slsa-framework",
	"action": "slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml",
	"ref": ref, "line": 7,
}}]}]}

test_slsa_generator_release_tag_passes if {
	count(actions_pinned.deny) == 0 with input as slsa("v2.1.0")
	count(actions_pinned.deny) == 0 with input as slsa("v1.10.0-rc.1")
	count(actions_pinned.deny) == 0 with input as slsa("f7dd8c54c2067bafc12ca7a55595d5ee9b75204a")
}

test_slsa_generator_short_tag_or_branch_denied if {
	some v in actions_pinned.deny with input as slsa("v2")
	contains(v.msg, "full release tag")
	v.location.line == 7
	count(actions_pinned.deny) == 1 with input as slsa("main")
	count(actions_pinned.deny) == 1 with input as slsa("v2.1")
}

test_slsa_generator_exemption_off if {
	some v in actions_pinned.deny with input as slsa("v2.1.0") with data.params.release_tag_workflows as []
	contains(v.msg, "not pinned to a full commit SHA")
}

# The exemption covers the generator's reusable workflows, not its actions
# used as steps nor other repositories' workflows called by tag.
test_slsa_exemption_is_narrow if {
	count(actions_pinned.deny) == 1 with input as wf({
		"raw": "slsa-framework/slsa-github-generator/actions/delegator/setup-generic@v2.1.0", "kind": "action",
		"owner": "slsa-framework", "action": "slsa-framework/slsa-github-generator/actions/delegator/setup-generic",
		"ref": "v2.1.0", "line": 9,
	})
	w := {"workflows": [{"path": "w.yml", "file": "w.yml", "jobs": [{"id": "c", "steps": [], "uses": {
		"raw": "acme/slsa-github-generator/.github/workflows/x.yml@v2.1.0", "kind": "reusable", "owner": "acme",
		"action": "acme/slsa-github-generator/.github/workflows/x.yml", "ref": "v2.1.0", "line": 5,
	}}]}]}
	count(actions_pinned.deny) == 1 with input as w
}
