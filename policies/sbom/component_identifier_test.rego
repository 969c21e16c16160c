package paved.sbom.component_identifier_test

import data.paved.sbom.component_identifier
import data.paved.sbom.fixtures as f

test_no_identifier_denied if {
	count(component_identifier.deny) == 1 with input as f.doc([f.component("a", {"purl": "", "purl_base": ""})], {})
}

test_bad_purl_denied if {
	some v in component_identifier.deny with input as f.doc([f.component("a", {"purl": "npm:a", "purl_valid": false, "purl_base": ""})], {})
	contains(v.msg, "not a valid package URL")
}

test_purl_passes if {
	count(component_identifier.deny) == 0 with input as f.doc([f.component("a", {})], {})
}

test_cpe_passes if {
	count(component_identifier.deny) == 0 with input as f.doc([f.component("a", {"purl": "", "purl_base": "", "cpe": "cpe:2.3:a:x:a:1.0.0:*:*:*:*:*:*:*"})], {})
}
