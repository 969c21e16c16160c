package paved.terraform.aws.ec2_public_ip_test

import data.paved.terraform.aws.ec2_public_ip

res(type, values) := {"address": sprintf("%s.x", [type]), "base_address": sprintf("%s.x", [type]), "index": null, "type": type, "file": "main.tf", "line": 1, "values": values}

test_instance_public_ip_denied if {
	some v in ec2_public_ip.deny with input as {"resources": {"aws_instance": [res("aws_instance", {"associate_public_ip_address": true})]}}
	v.resource == "aws_instance.x"
}

test_launch_template_public_ip_denied if {
	lt := res("aws_launch_template", {"network_interfaces": [{"associate_public_ip_address": "true"}]})
	some v in ec2_public_ip.deny with input as {"resources": {"aws_launch_template": [lt]}}
	contains(v.msg, "network_interfaces[0]")
}

test_private_passes if {
	count(ec2_public_ip.deny) == 0 with input as {"resources": {
		"aws_instance": [res("aws_instance", {"associate_public_ip_address": false}), res("aws_instance", {})],
		"aws_launch_template": [res("aws_launch_template", {"network_interfaces": [{"associate_public_ip_address": "false"}]})],
		"aws_launch_configuration": [res("aws_launch_configuration", {})],
	}}
}

test_unknown_not_denied if {
	i := object.union(res("aws_instance", {}), {"unknown": {"associate_public_ip_address": true}})
	count(ec2_public_ip.deny) == 0 with input as {"resources": {"aws_instance": [i]}}
}

# Terraform converts "true" and "1" for the instance's boolean attribute; the
# provider parses the launch template's string with strconv.ParseBool.
test_public_ip_as_string_denied if {
	count(ec2_public_ip.deny) == 3 with input as {"resources": {
		"aws_instance": [res("aws_instance", {"associate_public_ip_address": "true"})],
		"aws_launch_configuration": [res("aws_launch_configuration", {"associate_public_ip_address": "1"})],
		"aws_launch_template": [res("aws_launch_template", {"network_interfaces": [{"associate_public_ip_address": "True"}]})],
	}}
	count(ec2_public_ip.deny) == 0 with input as {"resources": {"aws_instance": [res("aws_instance", {"associate_public_ip_address": "false"})]}}
}
