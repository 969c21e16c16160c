package paved.repo.license_test

import data.paved.repo.license

lic(spdx) := {"license": {"path": "LICENSE", "file": "LICENSE", "spdx": spdx, "line": 1}}

test_missing_license_denied if {
	some v in license.deny with input as {"license": null}
	v.resource == "repo"
}

test_unrecognized_license_denied if {
	some v in license.deny with input as lic("")
	contains(v.msg, "no known license")
}

test_copyleft_denied_by_default if {
	some v in license.deny with input as lic("GPL-3.0")
	contains(v.msg, "GPL-3.0")
}

test_apache_passes if {
	count(license.deny) == 0 with input as lic("Apache-2.0")
}

test_param_allows_gpl if {
	count(license.deny) == 0 with input as lic("GPL-3.0") with data.params.allowed_licenses as ["GPL-3.0"]
}

test_unclassified_license_not_judged if {
	count(data.paved.repo.license.deny) == 0 with input as {"license": {"path": "LICENSE", "file": "LICENSE", "spdx": "", "classified": false, "line": 1}}
}
