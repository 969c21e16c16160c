# METADATA
# title: SBOM is valid against its format's schema
# description: |
#   An SBOM that breaks the schema of its declared specVersion is read
#   differently, or not at all, by the tools downstream (dependency track,
#   scanners, auditors): what it claims cannot be relied on.
# custom:
#   id: SBOM-001
#   severity: high
#   kind: sbom
#   resource_types: [sbom]
#   controls: [NTIA-SBOM-Minimum-Elements, EO-14028, NIST-800-53:SR-4]
#   related: ["sbomqs:sbom_spec", "cyclonedx-cli:validate"]
#   remediation: |
#     Regenerate the SBOM with a current CycloneDX generator, or fix the
#     fields named in the message (JSON pointers into the document); check
#     with `cyclonedx validate --input-file bom.json`.
#   enforcement: deny
package paved.sbom.schema_valid

import data.paved.lib.sbom

deny contains sbom.result(msg) if {
	input.schema == "invalid"
	errs := [sprintf("%s: %s", [e.path, e.msg]) | some i, e in input.schema_errors; i < 3]
	msg := sprintf("SBOM is not a valid %s %s document: %s", [input.format, input.spec_version, concat("; ", errs)])
}
