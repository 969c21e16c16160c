package paved.terraform.aws.dynamodb_pitr_test

import data.paved.terraform.aws.dynamodb_pitr as p

table(values, unknown) := {
	"address": "aws_dynamodb_table.this[0]", "base_address": "aws_dynamodb_table.this", "index": 0,
	"type": "aws_dynamodb_table", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "t", "hash_key": "id"}, values), "unknown": unknown,
}

deny_for(t) := d if {
	d := p.deny with input as {"resources": {"aws_dynamodb_table": [t]}}
}

test_no_pitr_denied if {
	some v in deny_for(table({}, {}))
	v.resource == "aws_dynamodb_table.this[0]"
}

test_pitr_disabled_denied if {
	count(deny_for(table({"point_in_time_recovery": [{"enabled": false}]}, {}))) == 1
}

test_pitr_enabled_passes if {
	count(deny_for(table({"point_in_time_recovery": [{"enabled": true}]}, {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(table({"point_in_time_recovery": [{}]}, {"point_in_time_recovery": [{"enabled": true}]}))) == 0
}

# Checkov CKV_AWS_28 accepts the string "true", which Terraform converts.
test_pitr_enabled_as_string_passes if {
	count(deny_for(table({"point_in_time_recovery": [{"enabled": "true"}]}, {}))) == 0
	count(deny_for(table({"point_in_time_recovery": [{"enabled": "false"}]}, {}))) == 1
}

# Terraform converts "1" and "0" for a boolean attribute too.
test_pitr_enabled_as_digit_passes if {
	count(deny_for(table({"point_in_time_recovery": [{"enabled": "1"}]}, {}))) == 0
	count(deny_for(table({"point_in_time_recovery": [{"enabled": "0"}]}, {}))) == 1
}
