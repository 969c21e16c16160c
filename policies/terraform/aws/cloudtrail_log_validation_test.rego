package paved.terraform.aws.cloudtrail_log_validation_test

import data.paved.terraform.aws.cloudtrail_log_validation

trail(values) := {"address": "aws_cloudtrail.t", "base_address": "aws_cloudtrail.t", "index": null, "type": "aws_cloudtrail", "file": "main.tf", "line": 1, "values": object.union({"name": "t", "s3_bucket_name": "logs"}, values)}

test_no_validation_denied if {
	some v in cloudtrail_log_validation.deny with input as {"resources": {"aws_cloudtrail": [trail({"enable_log_file_validation": false})]}}
	v.resource == "aws_cloudtrail.t"
}

test_validation_passes if {
	count(cloudtrail_log_validation.deny) == 0 with input as {"resources": {"aws_cloudtrail": [trail({"enable_log_file_validation": true})]}}
}

test_unknown_not_denied if {
	t := object.union(trail({}), {"unknown": {"enable_log_file_validation": true}})
	count(cloudtrail_log_validation.deny) == 0 with input as {"resources": {"aws_cloudtrail": [t]}}
}

# Terraform converts "true" for the boolean attribute.
test_validation_as_string_passes if {
	count(cloudtrail_log_validation.deny) == 0 with input as {"resources": {"aws_cloudtrail": [trail({"enable_log_file_validation": "true"})]}}
	count(cloudtrail_log_validation.deny) == 1 with input as {"resources": {"aws_cloudtrail": [trail({"enable_log_file_validation": "false"})]}}
}
