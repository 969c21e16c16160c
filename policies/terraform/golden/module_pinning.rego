# METADATA
# title: Remote modules are pinned to a version
# description: |
#   A module call without a version (registry) or without a tag or commit
#   (git) pulls whatever was published last at the next init, so an upstream
#   change, or a compromised upstream, reaches production without review.
#   Local modules are part of the reviewed change and always pass; http, s3
#   and gcs archives cannot be judged from their address and pass too.
# custom:
#   id: TF-GP-002
#   severity: medium
#   kind: terraform
#   resource_types: [module]
#   controls: [NIST-800-53:CM-2, NIST-800-53:SA-10, SOC2:CC8.1]
#   related: []
#   tags: [golden-path]
#   remediation: |
#     Registry modules: add version = "x.y.z" (or a bounded constraint such as
#     "~> 5.1"). Git modules: add ?ref=<tag> or ?ref=<40-hex commit SHA> to the
#     source, never a branch. Branch names refused are the module_branch_refs
#     parameter (default main, master, develop, trunk, HEAD, …).
#   enforcement: deny
package paved.terraform.golden.module_pinning

import data.paved.lib.tf

branches := {lower(b) | some b in tf.params("module_branch_refs", [
	"main", "master", "develop", "development", "dev", "trunk", "head",
	"staging", "stage", "production", "prod", "release", "latest", "stable",
])}

deny contains tf.call_result(c, msg) if {
	some c in tf.module_calls
	c.kind == "registry"
	object.get(c, "version", "") in {"", null}
	msg := sprintf("Module %s uses registry module %s without a version", [c.address, c.source])
}

deny contains tf.call_result(c, msg) if {
	some c in tf.module_calls
	c.kind == "git"
	not git_ref(c.source)
	msg := sprintf("Module %s uses git source %s without ?ref=, so it follows the default branch", [c.address, c.source])
}

deny contains tf.call_result(c, msg) if {
	some c in tf.module_calls
	c.kind == "git"
	ref := git_ref(c.source)
	lower(ref) in branches
	msg := sprintf("Module %s pins git source %s to the branch %s, which moves; use a tag or a commit SHA", [c.address, c.source, ref])
}

git_ref(source) := ref if {
	[[_, ref]] := regex.find_all_string_submatch_n(`[?&]ref=([^&#]+)`, source, 1)
}
