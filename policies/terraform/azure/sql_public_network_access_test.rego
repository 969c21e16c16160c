package paved.terraform.azure.sql_public_network_access_test

import data.paved.terraform.azure.sql_public_network_access as p

server(type, values, unknown) := {
	"address": sprintf("%s.db", [type]), "base_address": sprintf("%s.db", [type]), "index": null,
	"type": type, "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "db"}, values), "unknown": unknown,
}

deny_for(s) := d if {
	d := p.deny with input as {"resources": {s.type: [s]}}
}

test_default_public_access_denied if {
	some v in deny_for(server("azurerm_mssql_server", {}, {}))
	v.resource == "azurerm_mssql_server.db"
}

test_explicit_public_access_denied if {
	count(deny_for(server("azurerm_postgresql_server", {"public_network_access_enabled": true}, {}))) == 1
}

test_private_server_passes if {
	count(deny_for(server("azurerm_mssql_server", {"public_network_access_enabled": false}, {}))) == 0
	count(deny_for(server("azurerm_mysql_server", {"public_network_access_enabled": false}, {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(server("azurerm_mssql_server", {}, {"public_network_access_enabled": true}))) == 0
}

# Terraform converts "false" for the boolean attribute.
test_private_server_as_string_passes if {
	count(deny_for(server("azurerm_mssql_server", {"public_network_access_enabled": "false"}, {}))) == 0
	count(deny_for(server("azurerm_mssql_server", {"public_network_access_enabled": "true"}, {}))) == 1
}
