package paved.terraform.gcp.storage_uniform_access_test

import data.paved.terraform.gcp.storage_uniform_access as p

bucket(values, unknown) := {
	"address": "google_storage_bucket.b", "base_address": "google_storage_bucket.b", "index": null,
	"type": "google_storage_bucket", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "b", "location": "EU"}, values), "unknown": unknown,
}

deny_for(b) := d if {
	d := p.deny with input as {"resources": {"google_storage_bucket": [b]}}
}

test_default_denied if {
	some v in deny_for(bucket({}, {}))
	v.resource == "google_storage_bucket.b"
	count(deny_for(bucket({"uniform_bucket_level_access": false}, {}))) == 1
}

test_uniform_access_passes if {
	count(deny_for(bucket({"uniform_bucket_level_access": true}, {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(bucket({}, {"uniform_bucket_level_access": true}))) == 0
}

# Terraform converts "true" for the boolean attribute.
test_uniform_access_as_string_passes if {
	count(deny_for(bucket({"uniform_bucket_level_access": "true"}, {}))) == 0
	count(deny_for(bucket({"uniform_bucket_level_access": "false"}, {}))) == 1
}
