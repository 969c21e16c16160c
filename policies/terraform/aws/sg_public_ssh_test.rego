package paved.terraform.aws.sg_public_ssh_test

import data.paved.terraform.aws.sg_public_ssh

sg(ingress) := {"address": "aws_security_group.s", "base_address": "aws_security_group.s", "index": null, "type": "aws_security_group", "file": "main.tf", "line": 1, "values": {"name": "s", "ingress": ingress}, "lines": {"ingress": 4}}

rule(values) := {"address": "aws_security_group_rule.r", "base_address": "aws_security_group_rule.r", "index": null, "type": "aws_security_group_rule", "file": "main.tf", "line": 10, "values": values}

vpc_rule(values) := {"address": "aws_vpc_security_group_ingress_rule.r", "base_address": "aws_vpc_security_group_ingress_rule.r", "index": null, "type": "aws_vpc_security_group_ingress_rule", "file": "main.tf", "line": 20, "values": values}

test_inline_ingress_denied if {
	some v in sg_public_ssh.deny with input as {"resources": {"aws_security_group": [sg([{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}])]}}
	v.resource == "aws_security_group.s"
	v.location.line == 4
}

test_port_range_denied if {
	# terraform-aws-modules/security-group: ports as strings from var.rules
	r := rule({"type": "ingress", "from_port": "0", "to_port": "10000", "protocol": "6", "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]})
	count(sg_public_ssh.deny) == 1 with input as {"resources": {"aws_security_group_rule": [r]}}
}

test_all_protocols_ipv6_denied if {
	r := vpc_rule({"ip_protocol": "-1", "cidr_ipv6": "::/0"})
	some v in sg_public_ssh.deny with input as {"resources": {"aws_vpc_security_group_ingress_rule": [r]}}
	v.resource == "aws_vpc_security_group_ingress_rule.r"
}

test_self_does_not_excuse_public_cidr if {
	some v in sg_public_ssh.deny with input as {"resources": {"aws_security_group": [sg([{"from_port": 22, "to_port": 22, "protocol": "tcp", "self": true, "cidr_blocks": ["0.0.0.0/0"]}])]}}
	v.resource == "aws_security_group.s"
}

test_port_zero_and_sourceless_rules_pass if {
	count(sg_public_ssh.deny) == 0 with input as {"resources": {
		"aws_security_group": [sg([
			{"from_port": 0, "to_port": 0, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]},
			{"from_port": 0, "to_port": 0, "protocol": "-1", "self": false},
		])],
		"aws_vpc_security_group_ingress_rule": [vpc_rule({"ip_protocol": "tcp", "from_port": 22, "to_port": 22})],
	}}
}

test_restricted_or_other_port_passes if {
	count(sg_public_ssh.deny) == 0 with input as {"resources": {
		"aws_security_group": [sg([
			{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/16"]},
			{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"]},
		])],
		"aws_security_group_rule": [rule({"type": "egress", "from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]})],
		"aws_vpc_security_group_ingress_rule": [vpc_rule({"ip_protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "192.168.0.0/24"})],
	}}
}

test_unknown_values_not_denied if {
	unknown_ports := object.union(rule({"type": "ingress", "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}), {"unknown": {"from_port": true, "to_port": true}})
	unknown_cidrs := object.union(rule({"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp"}), {"unknown": {"cidr_blocks": true}})
	unknown_protocol := object.union(vpc_rule({"cidr_ipv4": "0.0.0.0/0"}), {"unknown": {"ip_protocol": true}})
	unknown_block := object.union(sg([{"protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]), {"unknown": {"ingress": [{"from_port": true, "to_port": true}]}})
	count(sg_public_ssh.deny) == 0 with input as {"resources": {
		"aws_security_group": [unknown_block],
		"aws_security_group_rule": [unknown_ports, unknown_cidrs],
		"aws_vpc_security_group_ingress_rule": [unknown_protocol],
	}}
}

# Any /0 is the whole Internet: AWS masks the address away.
test_any_slash_zero_denied if {
	some v in sg_public_ssh.deny with input as {"resources": {"aws_security_group": [sg([{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/0"]}])]}}
	contains(v.msg, "10.0.0.0/0")
	some w in sg_public_ssh.deny with input as {"resources": {"aws_security_group": [sg([{"from_port": 22, "to_port": 22, "protocol": "tcp", "ipv6_cidr_blocks": ["2001:db8::/0"]}])]}}
	contains(w.msg, "2001:db8::/0")
	count(sg_public_ssh.deny) == 0 with input as {"resources": {"aws_security_group": [sg([{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/1"]}])]}}
}

# Terraform reads any decimal string for a number attribute; a string it
# rejects (" 22", too many digits) is left unjudged, never an evaluation error.
test_ports_as_decimal_strings if {
	count(sg_public_ssh.deny) == 2 with input as {"resources": {"aws_security_group_rule": [
		rule({"type": "ingress", "from_port": "+22", "to_port": "2.2e1", "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
		rule({"type": "ingress", "from_port": "0.0", "to_port": "65535", "protocol": "tcp", "ipv6_cidr_blocks": ["::/0"]}),
	]}}
	huge := concat("", ["1", concat("", [d | some _ in numbers.range(1, 400); d := "0"])])
	count(sg_public_ssh.deny) == 0 with input as {"resources": {"aws_security_group_rule": [
		rule({"type": "ingress", "from_port": " 22", "to_port": "22", "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
		rule({"type": "ingress", "from_port": "0", "to_port": huge, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
		rule({"type": "ingress", "from_port": "0", "to_port": "1e999", "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
	]}}
}
