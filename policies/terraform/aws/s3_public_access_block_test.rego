package paved.terraform.aws.s3_public_access_block_test

import data.paved.terraform.aws.s3_public_access_block

bucket := {"address": "aws_s3_bucket.b", "base_address": "aws_s3_bucket.b", "index": null, "type": "aws_s3_bucket", "file": "main.tf", "line": 1, "values": {"bucket": "b"}}

all_on := {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}

pab(values) := {
	"address": "aws_s3_bucket_public_access_block.b", "base_address": "aws_s3_bucket_public_access_block.b", "index": null,
	"type": "aws_s3_bucket_public_access_block", "file": "main.tf", "line": 5, "values": values,
	"references": {"bucket": ["aws_s3_bucket.b"]},
}

test_bucket_without_block_denied if {
	some v in s3_public_access_block.deny with input as {"resources": {"aws_s3_bucket": [bucket]}}
	v.resource == "aws_s3_bucket.b"
}

test_partial_block_denied if {
	some v in s3_public_access_block.deny with input as {"resources": {
		"aws_s3_bucket": [bucket],
		"aws_s3_bucket_public_access_block": [pab({"block_public_acls": true, "block_public_policy": false, "ignore_public_acls": true})],
	}}
	v.resource == "aws_s3_bucket.b"
	contains(v.msg, "block_public_policy, restrict_public_buckets")
}

test_full_block_passes if {
	count(s3_public_access_block.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_public_access_block": [pab(all_on)]}}
}

test_unknown_settings_not_denied if {
	# terraform-aws-modules/s3-bucket: settings from variables not known here
	p := object.union(pab({}), {"unknown": {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}})
	count(s3_public_access_block.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_public_access_block": [p]}}
}

test_unresolved_block_not_denied if {
	p := object.union(object.remove(pab({}), ["references"]), {"unknown": {"bucket": true}})
	count(s3_public_access_block.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_public_access_block": [p]}}
}

test_account_block_passes if {
	acct := {"address": "aws_s3_account_public_access_block.this", "type": "aws_s3_account_public_access_block", "values": all_on}
	count(s3_public_access_block.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_account_public_access_block": [acct]}}
}

# Terraform converts "true" for the boolean attributes.
test_settings_as_strings_pass if {
	strings := {k: "true" | some k, _ in all_on}
	count(s3_public_access_block.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_public_access_block": [pab(strings)]}}
	acct := {"address": "aws_s3_account_public_access_block.this", "type": "aws_s3_account_public_access_block", "values": strings}
	count(s3_public_access_block.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_account_public_access_block": [acct]}}
	some v in s3_public_access_block.deny with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_public_access_block": [pab(object.union(strings, {"block_public_policy": "false"}))]}}
	contains(v.msg, "does not set block_public_policy to true")
}
