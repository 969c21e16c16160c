package paved.terraform.azure.nsg_admin_ports_test

import data.paved.terraform.azure.nsg_admin_ports as p

ssh_rule := {
	"name": "ssh", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
	"source_port_range": "*", "destination_port_range": "22",
	"source_address_prefix": "*", "destination_address_prefix": "*",
}

rule(values, unknown) := {
	"address": "azurerm_network_security_rule.r", "base_address": "azurerm_network_security_rule.r", "index": null,
	"type": "azurerm_network_security_rule", "module": "", "file": "main.tf", "line": 1,
	"values": values, "unknown": unknown,
}

nsg(rules, unknown) := {
	"address": "azurerm_network_security_group.g", "base_address": "azurerm_network_security_group.g", "index": null,
	"type": "azurerm_network_security_group", "module": "", "file": "main.tf", "line": 20,
	"values": {"name": "g", "security_rule": rules}, "unknown": unknown,
}

deny_for(resources) := d if {
	d := p.deny with input as {"resources": resources}
}

test_ssh_from_anywhere_denied if {
	some v in deny_for({"azurerm_network_security_rule": [rule(ssh_rule, {})]})
	v.msg == "Network security rule azurerm_network_security_rule.r allows inbound traffic from the internet to port 22 (SSH)"
}

test_rdp_in_range_from_internet_denied if {
	r := object.union(ssh_rule, {"destination_port_range": "3000-4000", "source_address_prefix": "Internet", "source_address_prefixes": null})
	some v in deny_for({"azurerm_network_security_rule": [rule(r, {})]})
	contains(v.msg, "3389 (RDP)")
}

test_inline_rule_with_port_lists_denied if {
	r := object.union(ssh_rule, {"destination_port_range": null, "destination_port_ranges": ["443", "22"], "source_address_prefix": null, "source_address_prefixes": ["10.0.0.0/8", "0.0.0.0/0"]})
	some v in deny_for({"azurerm_network_security_group": [nsg([r], {})]})
	contains(v.msg, "rule ssh")
}

test_all_ports_denied_for_each_admin_port if {
	r := object.union(ssh_rule, {"destination_port_range": "*", "protocol": "*"})
	count(deny_for({"azurerm_network_security_rule": [rule(r, {})]})) == 2
}

test_custom_admin_port if {
	r := object.union(ssh_rule, {"destination_port_range": "5985"})
	some v in p.deny with input as {"resources": {"azurerm_network_security_rule": [rule(r, {})]}}
		with data.params.admin_ports as [5985]
	endswith(v.msg, "port 5985")
}

test_restricted_or_denying_rules_pass if {
	count(deny_for({"azurerm_network_security_rule": [rule(object.union(ssh_rule, {"source_address_prefix": "10.0.0.0/8"}), {})]})) == 0
	count(deny_for({"azurerm_network_security_rule": [rule(object.union(ssh_rule, {"access": "Deny"}), {})]})) == 0
	count(deny_for({"azurerm_network_security_rule": [rule(object.union(ssh_rule, {"direction": "Outbound"}), {})]})) == 0
	count(deny_for({"azurerm_network_security_rule": [rule(object.union(ssh_rule, {"destination_port_range": "443"}), {})]})) == 0
	count(deny_for({"azurerm_network_security_rule": [rule(object.union(ssh_rule, {"protocol": "Icmp"}), {})]})) == 0
}

test_unknown_source_not_denied if {
	r := object.remove(ssh_rule, ["source_address_prefix"])
	count(deny_for({"azurerm_network_security_rule": [rule(r, {"source_address_prefix": true})]})) == 0
	count(deny_for({"azurerm_network_security_group": [object.union(nsg([], {"security_rule": true}), {"values": {"name": "g"}})]})) == 0
}
