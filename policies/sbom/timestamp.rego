# METADATA
# title: SBOM has a creation timestamp
# description: |
#   NTIA minimum element "Timestamp": when the SBOM was made tells which
#   build it describes and whether it is stale.
# custom:
#   id: SBOM-008
#   severity: low
#   kind: sbom
#   resource_types: [sbom]
#   controls: [NTIA-SBOM-Minimum-Elements, EO-14028]
#   related: ["NTIA:Timestamp", "sbomqs:sbom_creation_timestamp"]
#   remediation: |
#     Set metadata.timestamp (RFC 3339, e.g. 2024-05-01T10:00:00Z) when the
#     SBOM is generated.
#   enforcement: deny
package paved.sbom.timestamp

import data.paved.lib.sbom

deny contains sbom.result("SBOM metadata has no timestamp") if {
	trim_space(input.metadata.timestamp) == ""
}

deny contains sbom.result(sprintf("SBOM timestamp %q is not an RFC 3339 date-time", [input.metadata.timestamp])) if {
	trim_space(input.metadata.timestamp) != ""
	input.metadata.timestamp_ns == null
}
