package paved.terraform.aws.sg_public_all_ports_test

import data.paved.terraform.aws.sg_public_all_ports

sg(ingress) := {"address": "aws_security_group.s", "base_address": "aws_security_group.s", "index": null, "type": "aws_security_group", "file": "main.tf", "line": 1, "values": {"name": "s", "ingress": ingress}}

rule(values) := {"address": "aws_security_group_rule.r", "base_address": "aws_security_group_rule.r", "index": null, "type": "aws_security_group_rule", "file": "main.tf", "line": 10, "values": values}

test_all_protocols_denied if {
	some v in sg_public_all_ports.deny with input as {"resources": {"aws_security_group": [sg([{"from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}])]}}
	contains(v.msg, "all protocols and ports")
}

test_full_tcp_range_denied if {
	some v in sg_public_all_ports.deny with input as {"resources": {"aws_security_group_rule": [rule({"type": "ingress", "from_port": 0, "to_port": 65535, "protocol": "tcp", "ipv6_cidr_blocks": ["::/0"]})]}}
	contains(v.msg, "every tcp port")
}

test_wildcard_tcp_range_denied if {
	some v in sg_public_all_ports.deny with input as {"resources": {"aws_security_group_rule": [rule({"type": "ingress", "from_port": -1, "to_port": -1, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]})]}}
	contains(v.msg, "every tcp port")
}

test_wildcard_icmp_and_half_wildcard_pass if {
	count(sg_public_all_ports.deny) == 0 with input as {"resources": {"aws_security_group_rule": [
		rule({"type": "ingress", "from_port": -1, "to_port": -1, "protocol": "icmp", "cidr_blocks": ["0.0.0.0/0"]}),
		rule({"type": "ingress", "from_port": -1, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
	]}}
}

test_single_port_and_private_range_pass if {
	count(sg_public_all_ports.deny) == 0 with input as {"resources": {
		"aws_security_group": [sg([{"from_port": 0, "to_port": 0, "protocol": "all", "cidr_blocks": ["10.0.0.0/8"]}])],
		"aws_security_group_rule": [rule({"type": "ingress", "from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]})],
	}}
}

test_unknown_range_not_denied if {
	r := object.union(rule({"type": "ingress", "from_port": 0, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}), {"unknown": {"to_port": true}})
	count(sg_public_all_ports.deny) == 0 with input as {"resources": {"aws_security_group_rule": [r]}}
}

# Terraform reads any decimal string for a number attribute.
test_full_range_as_decimal_strings_denied if {
	some v in sg_public_all_ports.deny with input as {"resources": {"aws_security_group_rule": [rule({"type": "ingress", "from_port": "+0", "to_port": "6.5535e4", "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]})]}}
	contains(v.msg, "every tcp port")
}
