package paved.repo.catalog_info_test

import data.paved.repo.catalog_info

good := {
	"path": "catalog-info.yaml", "file": "catalog-info.yaml", "error": null,
	"entities": [{"kind": "Component"}], "errors": [], "valid": true,
	"owner": "team-a", "lifecycle": "production",
}

test_missing_denied if {
	some v in catalog_info.deny with input as {"catalog_info": null}
	v.resource == "repo"
}

test_parse_error_denied if {
	some v in catalog_info.deny with input as {"catalog_info": object.union(good, {"error": {"line": 4, "msg": "bad"}, "entities": []})}
	v.location.line == 4
}

test_no_entity_denied if {
	some v in catalog_info.deny with input as {"catalog_info": object.union(good, {"entities": []})}
	contains(v.msg, "no entity")
}

test_schema_error_denied if {
	ci := object.union(good, {"valid": false, "errors": [{"line": 7, "path": "/spec/type", "msg": "missing"}]})
	some v in catalog_info.deny with input as {"catalog_info": ci}
	v.location.line == 7
}

test_missing_owner_denied if {
	some v in catalog_info.deny with input as {"catalog_info": object.union(good, {"owner": ""})}
	contains(v.msg, "spec.owner")
}

test_valid_passes if {
	count(catalog_info.deny) == 0 with input as {"catalog_info": good}
}
