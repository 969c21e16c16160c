# METADATA
# title: Workflow actions are pinned to a full commit SHA
# description: |
#   A tag or branch of a third-party action can be moved to malicious code
#   at any time (tj-actions/changed-files, 2025); only a full 40-hex commit
#   SHA is immutable. Local actions (./…) are part of the reviewed change;
#   docker:// actions must name an image digest.
#
#   One documented exception: the reusable workflows of
#   slsa-framework/slsa-github-generator pass when called by a full release
#   tag (vX.Y.Z, or vX.Y.Z-rc.N). The project's README ("Referencing SLSA
#   builders and generators") says they MUST be referenced by such a tag:
#   slsa-verifier checks the tag recorded in the provenance, so a SHA-pinned
#   call yields provenance that cannot be verified, and the workflow itself
#   stops with "Invalid ref … Expected ref of the form refs/tags/vX.Y.Z"
#   (slsa-github-generator#722). A branch or a short tag (@v2) still fails.
#   OpenSSF Scorecard has no such exemption: before June 2025 it did not
#   look at reusable workflows at all (ossf/scorecard#2174), and since
#   ossf/scorecard#4681 it reports the generator as unpinned; projects
#   accept that deduction. paved follows the generator's documentation
#   instead, since a pin that breaks provenance is no gain. The list is the
#   release_tag_workflows parameter (globs over owner/repo/path, default the
#   generator's .github/workflows/*); set it to [] to require SHAs
#   everywhere. Scorecard's other exemptions match paved's: local actions,
#   and docker:// images pinned by digest.
# custom:
#   id: REPO-008
#   severity: high
#   kind: repo
#   resource_types: [workflow]
#   controls: [NIST-800-53:SA-12, NIST-800-53:CM-2, SOC2:CC8.1, SLSA:build-L3]
#   related: [Scorecard:Pinned-Dependencies]
#   remediation: |
#     Replace `uses: owner/action@v4` with `uses: owner/action@<40-hex sha> # v4`
#     (Dependabot and Renovate keep such pins current). Owners trusted to
#     use tags are the unpinned_owners parameter (default none; e.g.
#     ["actions", "github"]). Call slsa-github-generator's workflows by
#     their full release tag (@v2.1.0), and tell Renovate not to pin them
#     (its RENOVATE.md gives the packageRules entry).
#   enforcement: deny
package paved.repo.actions_pinned

import data.paved.lib.repo

trusted := {lower(o) | some o in repo.params("unpinned_owners", [])}

# Reusable workflows whose publisher requires a release tag, by glob over
# the lower-cased owner/repo/path.
release_tag_workflows := repo.params("release_tag_workflows", ["slsa-framework/slsa-github-generator/.github/workflows/*"])

# release_tag is the form slsa-github-generator's builder-fetch.sh accepts.
release_tag := `^v[1-9][0-9]*\.[0-9]+\.[0-9]+(-rc\.[0-9]+)?$`

deny contains repo.wf_result(wf, u.line, message(u)) if {
	some wf in repo.workflows
	some u in repo.uses(wf)
	not pinned(u)
}

message(u) := sprintf("%s is not called by a full release tag (vX.Y.Z): its publisher requires one, because slsa-verifier checks the tag and rejects a branch or short tag", [u.raw]) if {
	tag_only(u)
} else := sprintf("%s is not pinned to a full commit SHA", [u.raw])

pinned(u) if u.kind == "local"

pinned(u) if {
	u.kind == "docker"
	startswith(u.ref, "sha256:")
}

pinned(u) if {
	u.kind in {"action", "reusable"}
	regex.match(`^[0-9a-f]{40}$`, u.ref)
}

pinned(u) if {
	u.kind in {"action", "reusable"}
	u.owner in trusted
}

pinned(u) if {
	tag_only(u)
	regex.match(release_tag, u.ref)
}

tag_only(u) if {
	u.kind == "reusable"
	some g in release_tag_workflows
	glob.match(lower(g), ["/"], lower(u.action))
}
