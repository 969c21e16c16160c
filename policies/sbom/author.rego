# METADATA
# title: SBOM names its author or tools
# description: |
#   NTIA minimum element "Author of SBOM Data": who (or which tool) made the
#   SBOM is what its consumers weigh its trustworthiness by.
# custom:
#   id: SBOM-007
#   severity: low
#   kind: sbom
#   resource_types: [sbom]
#   controls: [NTIA-SBOM-Minimum-Elements, EO-14028, SSDF:PS.3.2]
#   related: ["NTIA:Author of SBOM Data", "sbomqs:sbom_authors"]
#   remediation: |
#     Set metadata.authors, or let the generator record itself in
#     metadata.tools (every maintained CycloneDX generator does).
#   enforcement: deny
package paved.sbom.author

import data.paved.lib.sbom

deny contains sbom.result("SBOM metadata names neither authors nor tools") if {
	count(input.metadata.authors) == 0
	count(input.metadata.tools) == 0
}
