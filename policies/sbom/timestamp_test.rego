package paved.sbom.timestamp_test

import data.paved.sbom.fixtures as f
import data.paved.sbom.timestamp

test_missing_denied if {
	count(timestamp.deny) == 1 with input as f.doc([], {"metadata": {"timestamp": "", "timestamp_ns": null, "tools": [], "authors": []}})
}

test_unparsable_denied if {
	some v in timestamp.deny with input as f.doc([], {"metadata": {"timestamp": "yesterday", "timestamp_ns": null, "tools": [], "authors": []}})
	contains(v.msg, "RFC 3339")
}

test_timestamp_passes if {
	count(timestamp.deny) == 0 with input as f.doc([], {})
}
