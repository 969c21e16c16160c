package paved.terraform.aws.s3_encryption_test

import data.paved.terraform.aws.s3_encryption

bucket := {"address": "aws_s3_bucket.b", "base_address": "aws_s3_bucket.b", "index": null, "type": "aws_s3_bucket", "file": "main.tf", "line": 1, "values": {"bucket": "b"}}

test_unencrypted_bucket_denied if {
	some v in s3_encryption.deny with input as {"resources": {"aws_s3_bucket": [bucket]}}
	v.resource == "aws_s3_bucket.b"
}

test_split_encryption_resource_passes if {
	count(s3_encryption.deny) == 0 with input as {"resources": {
		"aws_s3_bucket": [bucket],
		"aws_s3_bucket_server_side_encryption_configuration": [{
			"address": "aws_s3_bucket_server_side_encryption_configuration.b", "values": {},
			"references": {"bucket": ["aws_s3_bucket.b"]},
		}],
	}}
}

test_inline_encryption_passes if {
	b := object.union(bucket, {"values": {"server_side_encryption_configuration": [{"rule": [{}]}]}})
	count(s3_encryption.deny) == 0 with input as {"resources": {"aws_s3_bucket": [b]}}
}

test_unknown_block_not_denied if {
	b := object.union(bucket, {"unknown": {"server_side_encryption_configuration": true}})
	count(s3_encryption.deny) == 0 with input as {"resources": {"aws_s3_bucket": [b]}}
}
