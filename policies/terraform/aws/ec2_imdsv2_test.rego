package paved.terraform.aws.ec2_imdsv2_test

import data.paved.terraform.aws.ec2_imdsv2

res(type, values) := {"address": sprintf("%s.x", [type]), "base_address": sprintf("%s.x", [type]), "index": null, "type": type, "file": "main.tf", "line": 1, "values": values}

test_instance_without_metadata_options_denied if {
	some v in ec2_imdsv2.deny with input as {"resources": {"aws_instance": [res("aws_instance", {"ami": "ami-1"})]}}
	contains(v.msg, "has no metadata_options")
}

test_optional_tokens_denied if {
	lt := res("aws_launch_template", {"metadata_options": [{"http_endpoint": "enabled", "http_tokens": "optional"}]})
	some v in ec2_imdsv2.deny with input as {"resources": {"aws_launch_template": [lt]}}
	contains(v.msg, "http_tokens is \"optional\"")
}

test_unset_tokens_denied if {
	i := res("aws_instance", {"metadata_options": [{"http_endpoint": "enabled"}]})
	some v in ec2_imdsv2.deny with input as {"resources": {"aws_instance": [i]}}
	contains(v.msg, "http_tokens is unset")
}

test_required_or_disabled_passes if {
	count(ec2_imdsv2.deny) == 0 with input as {"resources": {
		"aws_instance": [
			res("aws_instance", {"metadata_options": [{"http_tokens": "required"}]}),
			res("aws_instance", {"launch_template": [{"id": "lt-1"}]}),
		],
		"aws_launch_template": [res("aws_launch_template", {"metadata_options": [{"http_endpoint": "disabled"}]})],
	}}
}

test_account_default_passes if {
	defaults := res("aws_ec2_instance_metadata_defaults", {"http_tokens": "required"})
	count(ec2_imdsv2.deny) == 0 with input as {"resources": {
		"aws_instance": [res("aws_instance", {}), res("aws_instance", {"metadata_options": [{"http_endpoint": "enabled"}]})],
		"aws_ec2_instance_metadata_defaults": [defaults],
	}}
}

test_unknown_not_denied if {
	# terraform-aws-modules/ec2-instance: dynamic "metadata_options" over a variable
	dynamic_block := object.union(res("aws_instance", {}), {"unknown": {"metadata_options": true}})
	unknown_tokens := object.union(res("aws_launch_template", {"metadata_options": [{}]}), {"unknown": {"metadata_options": [{"http_tokens": true}]}})
	unknown_template := object.union(res("aws_instance", {}), {"unknown": {"launch_template": true}})
	unknown_defaults := object.union(res("aws_ec2_instance_metadata_defaults", {}), {"unknown": {"http_tokens": true}})
	count(ec2_imdsv2.deny) == 0 with input as {"resources": {"aws_instance": [dynamic_block, unknown_template], "aws_launch_template": [unknown_tokens]}}
	count(ec2_imdsv2.deny) == 0 with input as {"resources": {"aws_instance": [res("aws_instance", {})], "aws_ec2_instance_metadata_defaults": [unknown_defaults]}}
}
