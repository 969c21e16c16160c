package paved.sbom.schema_valid_test

import data.paved.sbom.fixtures as f
import data.paved.sbom.schema_valid

test_invalid_denied if {
	some v in schema_valid.deny with input as f.doc([], {"schema": "invalid", "schema_errors": [{"path": "/components/0/type", "msg": "value must be one of …"}]})
	contains(v.msg, "/components/0/type")
	v.resource == "sbom"
}

test_valid_passes if {
	count(schema_valid.deny) == 0 with input as f.doc([], {})
}

test_unavailable_passes if {
	count(schema_valid.deny) == 0 with input as f.doc([], {"schema": "unavailable", "spec_version": "1.2"})
}
