package paved.terraform.aws.s3_versioning_test

import data.paved.terraform.aws.s3_versioning

bucket := {"address": "aws_s3_bucket.b", "base_address": "aws_s3_bucket.b", "index": null, "type": "aws_s3_bucket", "file": "main.tf", "line": 1, "values": {"bucket": "b"}}

versioning(status) := {
	"address": "aws_s3_bucket_versioning.b", "base_address": "aws_s3_bucket_versioning.b", "index": null,
	"type": "aws_s3_bucket_versioning", "file": "main.tf", "line": 5,
	"values": {"versioning_configuration": [{"status": status}]},
	"references": {"bucket": ["aws_s3_bucket.b"]},
}

test_bucket_without_versioning_denied if {
	some v in s3_versioning.deny with input as {"resources": {"aws_s3_bucket": [bucket]}}
	v.resource == "aws_s3_bucket.b"
}

test_suspended_versioning_denied if {
	some v in s3_versioning.deny with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_versioning": [versioning("Suspended")]}}
	contains(v.msg, "Suspended")
}

test_split_versioning_enabled_passes if {
	count(s3_versioning.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_versioning": [versioning("Enabled")]}}
}

test_inline_versioning_passes if {
	b := object.union(bucket, {"values": {"versioning": [{"enabled": true}]}})
	count(s3_versioning.deny) == 0 with input as {"resources": {"aws_s3_bucket": [b]}}
}

test_unknown_status_not_denied if {
	v := object.union(versioning("Enabled"), {"values": {"versioning_configuration": [{}]}, "unknown": {"versioning_configuration": [{"status": true}]}})
	count(s3_versioning.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_versioning": [v]}}
}

test_unresolved_versioning_resource_not_denied if {
	v := object.union(object.remove(versioning("Suspended"), ["references"]), {"unknown": {"bucket": true}})
	count(s3_versioning.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_versioning": [v]}}
}

test_unknown_inline_block_not_denied if {
	b := object.union(bucket, {"unknown": {"versioning": true}})
	count(s3_versioning.deny) == 0 with input as {"resources": {"aws_s3_bucket": [b]}}
}

test_plan_computed_inline_block_still_denied if {
	b := object.union(bucket, {"unknown": {"versioning": true}})
	count(s3_versioning.deny) == 1 with input as {"source": "plan", "resources": {"aws_s3_bucket": [b]}}
}

# Terraform converts "true" for the inline block's boolean attribute.
test_inline_versioning_as_string_passes if {
	b := object.union(bucket, {"values": {"versioning": [{"enabled": "true"}]}})
	count(s3_versioning.deny) == 0 with input as {"resources": {"aws_s3_bucket": [b]}}
	off := object.union(bucket, {"values": {"versioning": [{"enabled": "false"}]}})
	count(s3_versioning.deny) == 1 with input as {"resources": {"aws_s3_bucket": [off]}}
}
