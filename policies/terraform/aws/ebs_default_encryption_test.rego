package paved.terraform.aws.ebs_default_encryption_test

import data.paved.terraform.aws.ebs_default_encryption

res(values) := {"address": "aws_ebs_encryption_by_default.this", "base_address": "aws_ebs_encryption_by_default.this", "index": null, "type": "aws_ebs_encryption_by_default", "file": "main.tf", "line": 1, "values": values}

test_disabled_denied if {
	some v in ebs_default_encryption.deny with input as {"resources": {"aws_ebs_encryption_by_default": [res({"enabled": false})]}}
	v.resource == "aws_ebs_encryption_by_default.this"
}

test_enabled_or_default_passes if {
	count(ebs_default_encryption.deny) == 0 with input as {"resources": {"aws_ebs_encryption_by_default": [res({"enabled": true}), res({})]}}
}

test_unknown_not_denied if {
	r := object.union(res({}), {"unknown": {"enabled": true}})
	count(ebs_default_encryption.deny) == 0 with input as {"resources": {"aws_ebs_encryption_by_default": [r]}}
}

# Terraform converts "false" for the boolean attribute.
test_disabled_as_string_denied if {
	count(ebs_default_encryption.deny) == 1 with input as {"resources": {"aws_ebs_encryption_by_default": [res({"enabled": "false"})]}}
	count(ebs_default_encryption.deny) == 0 with input as {"resources": {"aws_ebs_encryption_by_default": [res({"enabled": "true"})]}}
}
