package paved.terraform.aws.vpc_flow_logs_test

import data.paved.terraform.aws.vpc_flow_logs as p

vpc(name) := {
	"address": sprintf("aws_vpc.%s[0]", [name]), "base_address": sprintf("aws_vpc.%s", [name]), "index": 0,
	"type": "aws_vpc", "module": "", "file": "main.tf", "line": 28, "values": {"cidr_block": "10.0.0.0/16"},
}

flow_log(refs, unknown) := {
	"address": "aws_flow_log.this[0]", "base_address": "aws_flow_log.this", "index": 0,
	"type": "aws_flow_log", "module": "", "file": "vpc-flow-logs.tf", "line": 33,
	"values": {"traffic_type": "ALL"}, "unknown": unknown, "references": {"vpc_id": refs},
}

deny_for(resources) := d if {
	d := p.deny with input as {"resources": resources}
}

test_vpc_without_flow_log_denied if {
	some v in deny_for({"aws_vpc": [vpc("this")]})
	v.resource == "aws_vpc.this[0]"
}

test_vpc_with_flow_log_passes if {
	fl := flow_log(["aws_vpc_ipv4_cidr_block_association.this[0]", "aws_vpc.this[0]"], {"vpc_id": true})
	count(deny_for({"aws_vpc": [vpc("this")], "aws_flow_log": [fl]})) == 0
}

test_flow_log_on_other_vpc_denied if {
	fl := flow_log(["aws_vpc.other[0]"], {"vpc_id": true})
	d := deny_for({"aws_vpc": [vpc("this"), vpc("other")], "aws_flow_log": [fl]})
	{v.resource | some v in d} == {"aws_vpc.this[0]"}
}

test_flow_log_on_unknown_vpc_not_denied if {
	count(deny_for({"aws_vpc": [vpc("this")], "aws_flow_log": [flow_log([], {"vpc_id": true})]})) == 0
}
