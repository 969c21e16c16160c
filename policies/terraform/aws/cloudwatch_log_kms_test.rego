package paved.terraform.aws.cloudwatch_log_kms_test

import data.paved.terraform.aws.cloudwatch_log_kms as p

group(values, unknown) := {
	"address": "aws_cloudwatch_log_group.this", "base_address": "aws_cloudwatch_log_group.this", "index": null,
	"type": "aws_cloudwatch_log_group", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "g"}, values), "unknown": unknown,
}

deny_for(g) := d if {
	d := p.deny with input as {"resources": {"aws_cloudwatch_log_group": [g]}}
}

test_no_key_denied if {
	some v in deny_for(group({}, {}))
	v.resource == "aws_cloudwatch_log_group.this"
}

test_key_passes if {
	count(deny_for(group({"kms_key_id": "arn:aws:kms:eu-west-1:1:key/abc"}, {}))) == 0
}

test_unknown_key_not_denied if {
	count(deny_for(group({}, {"kms_key_id": true}))) == 0
}
