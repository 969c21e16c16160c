# METADATA
# title: Dependency manifests have their lock files committed
# description: |
#   Without a lock file every install resolves the newest matching versions,
#   so builds are not reproducible and a freshly published malicious release
#   reaches CI and production without review.
# custom:
#   id: REPO-014
#   severity: medium
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:CM-2, NIST-800-53:SA-12, SLSA:build-L2]
#   related: [Scorecard:Pinned-Dependencies]
#   remediation: |
#     Commit the lock file your package manager writes beside the manifest
#     (package-lock.json / yarn.lock / pnpm-lock.yaml, go.sum, poetry.lock /
#     uv.lock, Cargo.lock, Gemfile.lock, composer.lock…) and make CI install
#     from it (npm ci, --frozen-lockfile, --locked).
#   enforcement: deny
package paved.repo.lockfiles

import data.paved.lib.repo

deny contains {"msg": msg, "resource": "repo", "location": {"file": m.file}} if {
	some m in object.get(input, "manifests", [])
	m.has_dependencies
	m.lockfile == null
	msg := sprintf("%s has no lock file (one of %s)", [m.path, concat(", ", m.lockfile_candidates)])
}
