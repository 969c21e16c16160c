package paved.terraform.azure.storage_blob_public_access_test

import data.paved.terraform.azure.storage_blob_public_access as p

account(values, unknown) := {
	"address": "azurerm_storage_account.sa", "base_address": "azurerm_storage_account.sa", "index": null,
	"type": "azurerm_storage_account", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "sa"}, values), "unknown": unknown,
}

deny_for(s) := d if {
	d := p.deny with input as {"resources": {"azurerm_storage_account": [s]}}
}

test_default_denied if {
	some v in deny_for(account({}, {}))
	contains(v.msg, "defaults it to true")
}

test_explicitly_public_denied if {
	count(deny_for(account({"allow_nested_items_to_be_public": true}, {}))) == 1
	count(deny_for(account({"allow_blob_public_access": true}, {}))) == 1
}

test_public_access_off_passes if {
	count(deny_for(account({"allow_nested_items_to_be_public": false}, {}))) == 0
	count(deny_for(account({"allow_blob_public_access": false}, {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(account({}, {"allow_nested_items_to_be_public": true}))) == 0
}

# Terraform converts "true" for the boolean attributes: as public as true.
test_explicitly_public_as_string_denied if {
	count(deny_for(account({"allow_nested_items_to_be_public": "true"}, {}))) == 1
	count(deny_for(account({"allow_blob_public_access": "1"}, {}))) == 1
	count(deny_for(account({"allow_nested_items_to_be_public": "false"}, {}))) == 0
}
