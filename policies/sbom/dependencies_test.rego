package paved.sbom.dependencies_test

import data.paved.sbom.dependencies
import data.paved.sbom.fixtures as f

test_no_graph_denied if {
	count(dependencies.deny) == 1 with input as f.doc([f.component("a", {})], {"dependencies": []})
}

test_graph_passes if {
	count(dependencies.deny) == 0 with input as f.doc([f.component("a", {})], {})
}

test_empty_sbom_passes if {
	count(dependencies.deny) == 0 with input as f.doc([], {"dependencies": []})
}
