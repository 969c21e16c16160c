package paved.sbom.license_denied_test

import data.paved.sbom.fixtures as f
import data.paved.sbom.license_denied

gpl := f.component("a", {"licenses": ["GPL-3.0-only"], "license_choices": [["GPL-3.0-only"]]})

test_gpl_denied if {
	some v in license_denied.deny with input as f.doc([gpl], {})
	contains(v.msg, "GPL-3.0-only")
}

test_every_alternative_denied if {
	c := f.component("a", {"license_choices": [["AGPL-3.0-only"], ["MIT", "SSPL-1.0"]]})
	count(license_denied.deny) == 1 with input as f.doc([c], {})
}

test_or_permissive_passes if {
	c := f.component("a", {"licenses": ["MIT OR GPL-3.0-only"], "license_choices": [["MIT"], ["GPL-3.0-only"]]})
	count(license_denied.deny) == 0 with input as f.doc([c], {})
}

test_lgpl_passes if {
	c := f.component("a", {"license_choices": [["LGPL-2.1-only"]]})
	count(license_denied.deny) == 0 with input as f.doc([c], {})
}

test_param_overrides if {
	count(license_denied.deny) == 0 with input as f.doc([gpl], {}) with data.params.denied_licenses as ["SSPL-1.0"]
	count(license_denied.deny) == 1 with input as f.doc([f.component("a", {})], {}) with data.params.denied_licenses as ["MIT"]
}
