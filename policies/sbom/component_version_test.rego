package paved.sbom.component_version_test

import data.paved.sbom.component_version
import data.paved.sbom.fixtures as f

test_no_version_denied if {
	count(component_version.deny) == 1 with input as f.doc([f.component("a", {"version": ""})], {})
}

test_version_passes if {
	count(component_version.deny) == 0 with input as f.doc([f.component("a", {})], {})
}
