# METADATA
# title: Workflow actions are pinned to a full commit SHA
# description: |
#   A tag or branch of a third-party action can be moved to malicious code
#   at any time (tj-actions/changed-files, 2025); only a full 40-hex commit
#   SHA is immutable. Local actions (./…) are part of the reviewed change;
#   docker:// actions must name an image digest.
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
#     ["actions", "github"]).
#   enforcement: deny
package paved.repo.actions_pinned

import data.paved.lib.repo

trusted := {lower(o) | some o in repo.params("unpinned_owners", [])}

deny contains repo.wf_result(wf, u.line, sprintf("%s is not pinned to a full commit SHA", [u.raw])) if {
	some wf in repo.workflows
	some u in repo.uses(wf)
	not pinned(u)
}

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
