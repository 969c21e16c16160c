# METADATA
# title: SBOM is recent
# description: |
#   An SBOM older than the release cadence no longer describes what runs:
#   dependencies have moved on, and new advisories are matched against the
#   wrong components.
# custom:
#   id: SBOM-013
#   severity: medium
#   kind: sbom
#   resource_types: [sbom]
#   controls: [EO-14028, NIST-800-53:CM-8, SSDF:PS.3.2]
#   related: []
#   remediation: |
#     Regenerate the SBOM in the build that produces the artefact. The limit
#     is the parameter max_age_days (default 365).
#   enforcement: warn
#   tags: [golden-path]
package paved.sbom.age

import data.paved.lib.sbom

ns_per_day := (24 * 3600) * 1000000000

deny contains sbom.result(sprintf("SBOM is %d days old (limit %d)", [days, limit])) if {
	ts := input.metadata.timestamp_ns
	ts != null
	limit := sbom.params("max_age_days", 365)
	days := floor((time.now_ns() - ts) / ns_per_day)
	days > limit
}
