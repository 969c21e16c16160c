package paved.sbom.duplicates_test

import data.paved.sbom.duplicates
import data.paved.sbom.fixtures as f

test_duplicate_denied if {
	dup := f.component("a", {"address": "pkg:npm/a@1.0.0#2", "duplicate_of": "pkg:npm/a@1.0.0"})
	some v in duplicates.deny with input as f.doc([f.component("a", {}), dup], {})
	v.resource == "pkg:npm/a@1.0.0#2"
}

test_unique_passes if {
	count(duplicates.deny) == 0 with input as f.doc([f.component("a", {}), f.component("b", {})], {})
}
