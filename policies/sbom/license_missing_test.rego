package paved.sbom.license_missing_test

import data.paved.sbom.fixtures as f
import data.paved.sbom.license_missing

test_no_license_denied if {
	count(license_missing.deny) == 1 with input as f.doc([f.component("a", {"licenses": [], "license_choices": []})], {})
}

test_noassertion_denied if {
	some v in license_missing.deny with input as f.doc([f.component("a", {"licenses": ["NOASSERTION"], "license_choices": [["NOASSERTION"]]})], {})
	contains(v.msg, "NOASSERTION")
}

test_license_passes if {
	count(license_missing.deny) == 0 with input as f.doc([f.component("a", {})], {})
}

test_one_known_alternative_passes if {
	count(license_missing.deny) == 0 with input as f.doc([f.component("a", {"license_choices": [["NOASSERTION"], ["MIT"]]})], {})
}
