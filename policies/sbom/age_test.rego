package paved.sbom.age_test

import data.paved.sbom.age
import data.paved.sbom.fixtures as f

old := f.doc([], {"metadata": {"timestamp": "2020-01-01T00:00:00Z", "timestamp_ns": 1577836800000000000, "tools": [], "authors": []}})

test_old_denied if {
	some v in age.deny with input as old
	contains(v.msg, "limit 365")
}

test_recent_passes if {
	count(age.deny) == 0 with input as f.doc([], {})
}

test_param_overrides if {
	count(age.deny) == 0 with input as old with data.params.max_age_days as 100000
}

test_no_timestamp_passes if {
	count(age.deny) == 0 with input as f.doc([], {"metadata": {"timestamp": "", "timestamp_ns": null, "tools": [], "authors": []}})
}
