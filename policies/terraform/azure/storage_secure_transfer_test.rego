package paved.terraform.azure.storage_secure_transfer_test

import data.paved.terraform.azure.storage_secure_transfer as p

account(values, unknown) := {
	"address": "azurerm_storage_account.sa", "base_address": "azurerm_storage_account.sa", "index": null,
	"type": "azurerm_storage_account", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "sa", "account_tier": "Standard"}, values), "unknown": unknown,
}

deny_for(s) := d if {
	d := p.deny with input as {"resources": {"azurerm_storage_account": [s]}}
}

test_http_allowed_denied if {
	some v in deny_for(account({"https_traffic_only_enabled": false}, {}))
	contains(v.msg, "plain HTTP")
	count(deny_for(account({"enable_https_traffic_only": false}, {}))) == 1
}

test_old_tls_denied if {
	some v in deny_for(account({"min_tls_version": "TLS1_0"}, {}))
	contains(v.msg, "TLS1_0")
}

test_defaults_pass if {
	count(deny_for(account({}, {}))) == 0
	count(deny_for(account({"https_traffic_only_enabled": true, "min_tls_version": "TLS1_2"}, {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(account({}, {"min_tls_version": true, "https_traffic_only_enabled": true}))) == 0
}

# Terraform converts "false" for the boolean attributes.
test_http_allowed_as_string_denied if {
	count(deny_for(account({"https_traffic_only_enabled": "false"}, {}))) == 1
	count(deny_for(account({"enable_https_traffic_only": "0"}, {}))) == 1
	count(deny_for(account({"https_traffic_only_enabled": "true"}, {}))) == 0
}
