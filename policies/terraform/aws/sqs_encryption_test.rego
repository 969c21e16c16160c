package paved.terraform.aws.sqs_encryption_test

import data.paved.terraform.aws.sqs_encryption as p

queue(values, unknown) := {
	"address": "aws_sqs_queue.this[0]", "base_address": "aws_sqs_queue.this", "index": 0,
	"type": "aws_sqs_queue", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "q"}, values), "unknown": unknown,
}

deny_for(q) := d if {
	d := p.deny with input as {"resources": {"aws_sqs_queue": [q]}}
}

test_undeclared_encryption_denied if {
	some v in deny_for(queue({}, {}))
	contains(v.msg, "does not declare")
}

test_disabled_encryption_denied if {
	some v in deny_for(queue({"sqs_managed_sse_enabled": false}, {}))
	contains(v.msg, "disables")
}

test_trusting_aws_default_passes_unset_only if {
	count(p.deny) == 0 with input as {"resources": {"aws_sqs_queue": [queue({}, {})]}}
		with data.params.sqs_trust_default_sse as true
	count(p.deny) == 1 with input as {"resources": {"aws_sqs_queue": [queue({"sqs_managed_sse_enabled": false}, {})]}}
		with data.params.sqs_trust_default_sse as true
}

test_encrypted_queues_pass if {
	count(deny_for(queue({"sqs_managed_sse_enabled": true}, {}))) == 0
	count(deny_for(queue({"kms_master_key_id": "alias/app"}, {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(queue({}, {"kms_master_key_id": true}))) == 0
	count(deny_for(queue({}, {"sqs_managed_sse_enabled": true}))) == 0
}

# Terraform converts "true" and "false" for the boolean attribute.
test_sse_as_string if {
	count(deny_for(queue({"sqs_managed_sse_enabled": "true"}, {}))) == 0
	some v in deny_for(queue({"sqs_managed_sse_enabled": "false"}, {}))
	contains(v.msg, "disables")
}
