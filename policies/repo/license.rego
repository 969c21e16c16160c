# METADATA
# title: Repository has a LICENSE on the allowed list
# description: |
#   Without a license nobody may legally reuse the code, and a license the
#   organization has not approved (copyleft, source-available) can oblige it
#   to publish or relicense its own work. The license is detected from the
#   LICENSE file's text (SPDX id, google/licenseclassifier).
# custom:
#   id: REPO-002
#   severity: medium
#   kind: repo
#   resource_types: [repo]
#   controls: [SOC2:CC2.3, NIST-800-53:SA-4]
#   related: [Scorecard:License]
#   remediation: |
#     Add a LICENSE file at the root holding the full text of an approved
#     license, unmodified, so it is recognized. Approved SPDX ids are the
#     allowed_licenses parameter (default: Apache-2.0, MIT, BSD-2-Clause,
#     BSD-3-Clause, ISC, 0BSD, MPL-2.0, Unlicense, CC0-1.0, Zlib, BSL-1.0).
#   enforcement: deny
package paved.repo.license

import data.paved.lib.repo

allowed := {id | some id in repo.params("allowed_licenses", [
	"Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "ISC", "0BSD",
	"MPL-2.0", "Unlicense", "CC0-1.0", "Zlib", "BSL-1.0",
])}

deny contains repo.result("repository has no LICENSE file") if {
	object.get(input, "license", null) == null
}

deny contains repo.result_at(input.license, 1, sprintf("%s: no known license recognized", [input.license.path])) if {
	input.license != null
	input.license.spdx == ""
	object.get(input.license, "classified", true) == true # false: unchanged by the commit under --staged
}

deny contains repo.result_at(input.license, input.license.line, msg) if {
	input.license != null
	input.license.spdx != ""
	not input.license.spdx in allowed
	msg := sprintf("%s is %s, not on the allowed list %v", [input.license.path, input.license.spdx, sort(allowed)])
}
