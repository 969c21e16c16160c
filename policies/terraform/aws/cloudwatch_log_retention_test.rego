package paved.terraform.aws.cloudwatch_log_retention_test

import data.paved.terraform.aws.cloudwatch_log_retention as p

group(values, unknown) := {
	"address": "aws_cloudwatch_log_group.this[0]", "base_address": "aws_cloudwatch_log_group.this", "index": 0,
	"type": "aws_cloudwatch_log_group", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "/aws/eks/c/cluster"}, values), "unknown": unknown,
}

deny_for(g) := d if {
	d := p.deny with input as {"resources": {"aws_cloudwatch_log_group": [g]}}
}

test_unset_retention_denied if {
	some v in deny_for(group({}, {}))
	contains(v.msg, "does not set retention_in_days")
}

test_short_retention_denied if {
	some v in deny_for(group({"retention_in_days": 90}, {}))
	v.msg == "CloudWatch log group aws_cloudwatch_log_group.this[0] keeps logs 90 days, less than 365"
	count(deny_for(group({"retention_in_days": "30"}, {}))) == 1
}

test_long_or_forever_retention_passes if {
	count(deny_for(group({"retention_in_days": 400}, {}))) == 0
	count(deny_for(group({"retention_in_days": 0}, {}))) == 0
}

test_parameter_lowers_bar if {
	count(p.deny) == 0 with input as {"resources": {"aws_cloudwatch_log_group": [group({"retention_in_days": 90}, {})]}}
		with data.params.log_retention_days as 90
}

test_unknown_not_denied if {
	count(deny_for(group({}, {"retention_in_days": true}))) == 0
}

# Terraform reads any decimal string for the number attribute.
test_short_retention_as_decimal_string_denied if {
	some v in deny_for(group({"retention_in_days": "3e1"}, {}))
	v.msg == "CloudWatch log group aws_cloudwatch_log_group.this[0] keeps logs 30 days, less than 365"
	count(deny_for(group({"retention_in_days": "30.0"}, {}))) == 1
	count(deny_for(group({"retention_in_days": "400"}, {}))) == 0
	count(deny_for(group({"retention_in_days": "0"}, {}))) == 0
}

# A parameter given as a string from a YAML data file is read as a number.
test_string_parameter if {
	g := {"address": "aws_cloudwatch_log_group.a", "values": {"retention_in_days": 400}}
	count(p.deny) == 0 with input as {"resources": {"aws_cloudwatch_log_group": [g]}} with data.params.log_retention_days as "365"
}
