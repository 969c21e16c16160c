package paved.terraform.aws.elb_drop_invalid_headers_test

import data.paved.terraform.aws.elb_drop_invalid_headers as p

lb(values, unknown) := {
	"address": "aws_lb.this[0]", "base_address": "aws_lb.this", "index": 0,
	"type": "aws_lb", "module": "", "file": "main.tf", "line": 1,
	"values": values, "unknown": unknown,
}

deny_for(r) := d if {
	d := p.deny with input as {"resources": {"aws_lb": [r]}}
}

test_default_alb_denied if {
	some v in deny_for(lb({"name": "a"}, {}))
	v.resource == "aws_lb.this[0]"
}

test_alb_keeping_headers_denied if {
	count(deny_for(lb({"load_balancer_type": "application", "drop_invalid_header_fields": false}, {}))) == 1
}

test_dropping_headers_passes if {
	count(deny_for(lb({"drop_invalid_header_fields": true}, {}))) == 0
}

test_network_lb_not_judged if {
	count(deny_for(lb({"load_balancer_type": "network"}, {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(lb({}, {"drop_invalid_header_fields": true}))) == 0
	count(deny_for(lb({}, {"load_balancer_type": true}))) == 0
}

# Terraform converts "true" for the boolean attribute.
test_dropping_headers_as_string_passes if {
	count(deny_for(lb({"drop_invalid_header_fields": "true"}, {}))) == 0
	count(deny_for(lb({"drop_invalid_header_fields": "false"}, {}))) == 1
}
