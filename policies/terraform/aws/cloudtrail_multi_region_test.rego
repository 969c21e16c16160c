package paved.terraform.aws.cloudtrail_multi_region_test

import data.paved.terraform.aws.cloudtrail_multi_region

trail(values) := {"address": "aws_cloudtrail.t", "base_address": "aws_cloudtrail.t", "index": null, "type": "aws_cloudtrail", "file": "main.tf", "line": 1, "values": object.union({"name": "t", "s3_bucket_name": "logs"}, values)}

test_single_region_trail_denied if {
	some v in cloudtrail_multi_region.deny with input as {"resources": {"aws_cloudtrail": [trail({})]}}
	v.resource == "aws_cloudtrail.t"
}

test_multi_region_trail_passes if {
	count(cloudtrail_multi_region.deny) == 0 with input as {"resources": {"aws_cloudtrail": [trail({"is_multi_region_trail": true})]}}
}

test_unknown_not_denied if {
	t := object.union(trail({}), {"unknown": {"is_multi_region_trail": true}})
	count(cloudtrail_multi_region.deny) == 0 with input as {"resources": {"aws_cloudtrail": [t]}}
}

# Terraform converts "true" for the boolean attribute.
test_multi_region_as_string_passes if {
	count(cloudtrail_multi_region.deny) == 0 with input as {"resources": {"aws_cloudtrail": [trail({"is_multi_region_trail": "true"})]}}
	count(cloudtrail_multi_region.deny) == 1 with input as {"resources": {"aws_cloudtrail": [trail({"is_multi_region_trail": "false"})]}}
}
