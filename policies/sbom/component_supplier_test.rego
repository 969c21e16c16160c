package paved.sbom.component_supplier_test

import data.paved.sbom.component_supplier
import data.paved.sbom.fixtures as f

test_no_supplier_denied if {
	some v in component_supplier.deny with input as f.doc([f.component("a", {"supplier": ""})], {})
	v.resource == "pkg:npm/a@1.0.0"
}

test_supplier_passes if {
	count(component_supplier.deny) == 0 with input as f.doc([f.component("a", {})], {})
}

test_publisher_passes if {
	count(component_supplier.deny) == 0 with input as f.doc([f.component("a", {"supplier": "", "publisher": "Acme"})], {})
}

test_manufacturer_passes if {
	count(component_supplier.deny) == 0 with input as f.doc([f.component("a", {"supplier": "", "manufacturer": "Acme"})], {})
}
