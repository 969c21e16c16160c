package paved.terraform.gcp.storage_public_access_prevention_test

import data.paved.terraform.gcp.storage_public_access_prevention as p

bucket(values, unknown) := {
	"address": "google_storage_bucket.b", "base_address": "google_storage_bucket.b", "index": null,
	"type": "google_storage_bucket", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "b"}, values), "unknown": unknown,
}

deny_for(b) := d if {
	d := p.deny with input as {"resources": {"google_storage_bucket": [b]}}
}

test_inherited_denied if {
	some v in deny_for(bucket({}, {}))
	contains(v.msg, "inherited")
	count(deny_for(bucket({"public_access_prevention": "inherited"}, {}))) == 1
}

test_enforced_passes if {
	count(deny_for(bucket({"public_access_prevention": "enforced"}, {}))) == 0
}

test_trusting_org_policy_passes_inherited if {
	count(p.deny) == 0 with input as {"resources": {"google_storage_bucket": [bucket({}, {})]}}
		with data.params.gcs_trust_inherited_pap as true
}

test_unknown_not_denied if {
	count(deny_for(bucket({}, {"public_access_prevention": true}))) == 0
}
