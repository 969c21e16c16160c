package paved.terraform.aws.cloudtrail_kms_test

import data.paved.terraform.aws.cloudtrail_kms

trail(values) := {"address": "aws_cloudtrail.t", "base_address": "aws_cloudtrail.t", "index": null, "type": "aws_cloudtrail", "file": "main.tf", "line": 1, "values": object.union({"name": "t", "s3_bucket_name": "logs"}, values)}

test_no_kms_key_denied if {
	some v in cloudtrail_kms.deny with input as {"resources": {"aws_cloudtrail": [trail({})]}}
	v.resource == "aws_cloudtrail.t"
}

test_kms_key_passes if {
	count(cloudtrail_kms.deny) == 0 with input as {"resources": {"aws_cloudtrail": [trail({"kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/abc"})]}}
}

test_unknown_key_not_denied if {
	# kms_key_id = aws_kms_key.trail.arn: set, not known before apply
	t := object.union(trail({}), {"unknown": {"kms_key_id": true}})
	count(cloudtrail_kms.deny) == 0 with input as {"resources": {"aws_cloudtrail": [t]}}
}
