package paved.terraform.aws.lambda_dead_letter_queue_test

import data.paved.terraform.aws.lambda_dead_letter_queue as p

fn(values, unknown) := {
	"address": "aws_lambda_function.this[0]", "base_address": "aws_lambda_function.this", "index": 0,
	"type": "aws_lambda_function", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"function_name": "f"}, values), "unknown": unknown,
}

invoke_config(values, unknown, refs) := {
	"address": "aws_lambda_function_event_invoke_config.this", "base_address": "aws_lambda_function_event_invoke_config.this",
	"index": null, "type": "aws_lambda_function_event_invoke_config", "file": "main.tf", "line": 30,
	"values": values, "unknown": unknown, "references": refs,
}

on_failure := {"destination_config": [{"on_failure": [{"destination": "arn:aws:sqs:eu-west-1:1:dlq"}]}]}

deny_for(resources) := d if {
	d := p.deny with input as {"resources": resources}
}

test_no_dlq_denied if {
	some v in deny_for({"aws_lambda_function": [fn({}, {})]})
	v.resource == "aws_lambda_function.this[0]"
}

test_dlq_passes if {
	count(deny_for({"aws_lambda_function": [fn({"dead_letter_config": [{"target_arn": "arn:aws:sqs:eu-west-1:1:dlq"}]}, {})]})) == 0
}

test_unknown_dlq_target_not_denied if {
	count(deny_for({"aws_lambda_function": [fn({"dead_letter_config": [{}]}, {"dead_letter_config": [{"target_arn": true}]})]})) == 0
}

test_on_failure_destination_by_reference_passes if {
	c := invoke_config(on_failure, {"function_name": true}, {"function_name": ["aws_lambda_function.this[0]"]})
	count(deny_for({"aws_lambda_function": [fn({}, {})], "aws_lambda_function_event_invoke_config": [c]})) == 0
}

test_on_failure_destination_by_name_passes if {
	c := invoke_config(object.union(on_failure, {"function_name": "f"}), {}, {})
	count(deny_for({"aws_lambda_function": [fn({}, {})], "aws_lambda_function_event_invoke_config": [c]})) == 0
}

test_unknown_function_and_destination_not_denied if {
	c := invoke_config({"destination_config": [{"on_failure": [{}]}]}, {"function_name": true, "destination_config": [{"on_failure": [{"destination": true}]}]}, {})
	count(deny_for({"aws_lambda_function": [fn({}, {})], "aws_lambda_function_event_invoke_config": [c]})) == 0
}

test_invoke_config_for_other_function_denied if {
	c := invoke_config(object.union(on_failure, {"function_name": "other"}), {}, {})
	count(deny_for({"aws_lambda_function": [fn({}, {})], "aws_lambda_function_event_invoke_config": [c]})) == 1
}
