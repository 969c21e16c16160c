package paved.terraform.aws.lambda_xray_tracing_test

import data.paved.terraform.aws.lambda_xray_tracing as p

fn(values, unknown) := {
	"address": "aws_lambda_function.this[0]", "base_address": "aws_lambda_function.this", "index": 0,
	"type": "aws_lambda_function", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"function_name": "f"}, values), "unknown": unknown,
}

deny_for(f) := d if {
	d := p.deny with input as {"resources": {"aws_lambda_function": [f]}}
}

test_no_tracing_denied if {
	some v in deny_for(fn({}, {}))
	contains(v.msg, "PassThrough")
}

test_passthrough_denied if {
	count(deny_for(fn({"tracing_config": [{"mode": "PassThrough"}]}, {}))) == 1
}

test_active_passes if {
	count(deny_for(fn({"tracing_config": [{"mode": "Active"}]}, {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(fn({}, {"tracing_config": true}))) == 0
	count(deny_for(fn({"tracing_config": [{}]}, {"tracing_config": [{"mode": true}]}))) == 0
}
