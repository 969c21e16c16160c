package paved.terraform.aws.ec2_block_device_encrypted_test

import data.paved.terraform.aws.ec2_block_device_encrypted

instance(values) := {"address": "aws_instance.i", "base_address": "aws_instance.i", "index": null, "type": "aws_instance", "file": "main.tf", "line": 1, "values": object.union({"ami": "ami-1", "instance_type": "t3.micro"}, values)}

test_missing_root_block_device_denied if {
	some v in ec2_block_device_encrypted.deny with input as {"resources": {"aws_instance": [instance({})]}}
	contains(v.msg, "has no root_block_device")
}

test_unencrypted_devices_denied if {
	i := instance({
		"root_block_device": [{"volume_size": 50}],
		"ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": false}, {"device_name": "/dev/sdg", "snapshot_id": "snap-1"}],
	})
	msgs := {v.msg | some v in ec2_block_device_encrypted.deny} with input as {"resources": {"aws_instance": [i]}}
	msgs == {
		"EC2 instance aws_instance.i: root_block_device is not encrypted",
		"EC2 instance aws_instance.i: ebs_block_device \"/dev/sdf\" is not encrypted",
	}
}

test_encrypted_devices_pass if {
	i := instance({"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": true}]})
	count(ec2_block_device_encrypted.deny) == 0 with input as {"resources": {"aws_instance": [i]}}
}

test_default_encryption_or_launch_template_passes if {
	by_default := {"address": "aws_ebs_encryption_by_default.this", "type": "aws_ebs_encryption_by_default", "values": {"enabled": true}}
	count(ec2_block_device_encrypted.deny) == 0 with input as {"resources": {"aws_instance": [instance({})], "aws_ebs_encryption_by_default": [by_default]}}
	count(ec2_block_device_encrypted.deny) == 0 with input as {"resources": {"aws_instance": [instance({"launch_template": [{"id": "lt-1"}]})]}}
}

test_unknown_not_denied if {
	# terraform-aws-modules/ec2-instance: dynamic "root_block_device" over a variable
	dynamic_block := object.union(instance({}), {"unknown": {"root_block_device": true}})
	unknown_flag := object.union(instance({"root_block_device": [{}]}), {"unknown": {"root_block_device": [{"encrypted": true}]}})
	count(ec2_block_device_encrypted.deny) == 0 with input as {"resources": {"aws_instance": [dynamic_block, unknown_flag]}}
}

launch_config(values) := {"address": "aws_launch_configuration.lc", "base_address": "aws_launch_configuration.lc", "index": null, "type": "aws_launch_configuration", "file": "main.tf", "line": 1, "values": object.union({"image_id": "ami-1", "instance_type": "t3.micro"}, values)}

test_launch_configuration_denied if {
	lc := launch_config({"ebs_block_device": [{"device_name": "/dev/sdf"}]})
	msgs := {v.msg | some v in ec2_block_device_encrypted.deny} with input as {"resources": {"aws_launch_configuration": [lc]}}
	msgs == {
		"Launch configuration aws_launch_configuration.lc has no root_block_device, so its root volume is not encrypted",
		"Launch configuration aws_launch_configuration.lc: ebs_block_device \"/dev/sdf\" is not encrypted",
	}
}

test_launch_configuration_encrypted_passes if {
	lc := launch_config({"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": true}]})
	count(ec2_block_device_encrypted.deny) == 0 with input as {"resources": {"aws_launch_configuration": [lc]}}
}

# Terraform converts "true" and "false" for the boolean attributes: a default
# turned off with "false" does not cover the instance, "true" encrypts a device.
test_booleans_as_strings if {
	off := {"address": "aws_ebs_encryption_by_default.this", "type": "aws_ebs_encryption_by_default", "values": {"enabled": "false"}}
	count(ec2_block_device_encrypted.deny) == 1 with input as {"resources": {"aws_instance": [instance({})], "aws_ebs_encryption_by_default": [off]}}
	i := instance({"root_block_device": [{"encrypted": "true"}], "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": "true"}]})
	count(ec2_block_device_encrypted.deny) == 0 with input as {"resources": {"aws_instance": [i]}}
}
