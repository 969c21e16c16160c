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

# The Jakarta EE APIs list their licences in the POM, a choice: one
# allowed licence is enough.
jakarta(extra) := f.component("jakarta.mail", object.union(
	{
		"purl_base": "pkg:maven/com.sun.mail/jakarta.mail@1.6.4", "address": "pkg:maven/com.sun.mail/jakarta.mail@1.6.4",
		"licenses": ["EPL-2.0", "GPL-2.0-with-classpath-exception", "EDL 1.0"],
		"license_choices": [["EPL-2.0"], ["GPL-2.0-with-classpath-exception"], ["EDL 1.0"]],
		"license_reading": {"as": "choice", "basis": "Maven POM"},
	},
	extra,
))

test_maven_choice_with_an_allowed_licence_passes if {
	count(license_denied.deny) == 0 with input as f.doc([jakarta({})], {})
}

test_maven_choice_all_denied_names_the_reading if {
	c := jakarta({"licenses": ["GPL-2.0-only", "GPL-3.0-only"], "license_choices": [["GPL-2.0-only"], ["GPL-3.0-only"]]})
	some v in license_denied.deny with input as f.doc([c], {})
	v.msg == "component pkg:maven/com.sun.mail/jakarta.mail@1.6.4 is only available under a denied licence: GPL-2.0-only, GPL-3.0-only (listed as a choice (Maven POM): GPL-2.0-only, GPL-3.0-only)"
}

# The same list read together (an ecosystem without a choice rule) denies,
# and says so.
test_list_together_denies_and_names_the_reading if {
	c := jakarta({"license_choices": [["EDL 1.0", "EPL-2.0", "GPL-2.0-with-classpath-exception"]], "license_reading": {"as": "together", "basis": ""}})
	some v in license_denied.deny with input as f.doc([c], {})
	v.msg == "component pkg:maven/com.sun.mail/jakarta.mail@1.6.4 is only available under a denied licence: GPL-2.0-with-classpath-exception (listed together, all apply: EPL-2.0, GPL-2.0-with-classpath-exception, EDL 1.0)"
}

test_expression_names_the_reading if {
	c := f.component("a", {
		"licenses": ["EPL-2.0 AND GPL-2.0-only"], "license_choices": [["EPL-2.0", "GPL-2.0-only"]],
		"license_reading": {"as": "expression", "basis": ""},
	})
	some v in license_denied.deny with input as f.doc([c], {})
	v.msg == "component pkg:npm/a@1.0.0 is only available under a denied licence: GPL-2.0-only (SPDX expression EPL-2.0 AND GPL-2.0-only)"
}

test_single_licence_message if {
	some v in license_denied.deny with input as f.doc([gpl], {})
	v.msg == "component pkg:npm/a@1.0.0 is only available under a denied licence: GPL-3.0-only (the one licence it declares: GPL-3.0-only)"
}

# An input made without license_reading (an older document) still denies.
test_without_reading_denies if {
	c := object.remove(f.component("a", {"licenses": ["GPL-3.0-only", "MIT"], "license_choices": [["GPL-3.0-only", "MIT"]]}), ["license_reading"])
	some v in license_denied.deny with input as f.doc([c], {})
	endswith(v.msg, "(GPL-3.0-only AND MIT)")
}
