package paved.sbom.component_name_test

import data.paved.sbom.component_name
import data.paved.sbom.fixtures as f

test_no_name_denied if {
	count(component_name.deny) == 1 with input as f.doc([f.component("a", {"name": " "})], {})
}

test_name_passes if {
	count(component_name.deny) == 0 with input as f.doc([f.component("a", {})], {})
}
