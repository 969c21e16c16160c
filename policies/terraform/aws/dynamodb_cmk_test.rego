package paved.terraform.aws.dynamodb_cmk_test

import data.paved.terraform.aws.dynamodb_cmk as p

table(values, unknown) := {
	"address": "aws_dynamodb_table.this", "base_address": "aws_dynamodb_table.this", "index": null,
	"type": "aws_dynamodb_table", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "t"}, values), "unknown": unknown,
}

deny_for(t) := d if {
	d := p.deny with input as {"resources": {"aws_dynamodb_table": [t]}}
}

test_default_encryption_denied if {
	some v in deny_for(table({}, {}))
	contains(v.msg, "AWS owned key")
}

test_aws_managed_key_denied if {
	some v in deny_for(table({"server_side_encryption": [{"enabled": true}]}, {}))
	contains(v.msg, "aws/dynamodb")
	count(deny_for(table({"server_side_encryption": [{"enabled": true, "kms_key_arn": "alias/aws/dynamodb"}]}, {}))) == 1
}

test_customer_key_passes if {
	count(deny_for(table({"server_side_encryption": [{"enabled": true, "kms_key_arn": "arn:aws:kms:eu-west-1:1:key/abc"}]}, {}))) == 0
}

test_unknown_key_not_denied if {
	count(deny_for(table({"server_side_encryption": [{"enabled": true}]}, {"server_side_encryption": [{"kms_key_arn": true}]}))) == 0
	count(deny_for(table({}, {"server_side_encryption": true}))) == 0
}

# Terraform converts "true" for the boolean attribute: the table is
# encrypted with the key it names.
test_enabled_as_string if {
	count(deny_for(table({"server_side_encryption": [{"enabled": "true", "kms_key_arn": "arn:aws:kms:eu-west-1:1:key/abc"}]}, {}))) == 0
	some v in deny_for(table({"server_side_encryption": [{"enabled": "true", "kms_key_arn": "alias/aws/dynamodb"}]}, {}))
	contains(v.msg, "aws/dynamodb")
	some w in deny_for(table({"server_side_encryption": [{"enabled": "false"}]}, {}))
	contains(w.msg, "AWS owned key")
}
