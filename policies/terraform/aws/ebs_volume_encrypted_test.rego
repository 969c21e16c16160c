package paved.terraform.aws.ebs_volume_encrypted_test

import data.paved.terraform.aws.ebs_volume_encrypted

vol(values) := {"address": "aws_ebs_volume.v", "base_address": "aws_ebs_volume.v", "index": null, "type": "aws_ebs_volume", "file": "main.tf", "line": 1, "values": object.union({"availability_zone": "eu-west-1a", "size": 10}, values)}

by_default(values) := {"address": "aws_ebs_encryption_by_default.this", "type": "aws_ebs_encryption_by_default", "values": values}

test_unencrypted_volume_denied if {
	some v in ebs_volume_encrypted.deny with input as {"resources": {"aws_ebs_volume": [vol({})]}}
	v.resource == "aws_ebs_volume.v"
}

test_disabled_default_does_not_help if {
	count(ebs_volume_encrypted.deny) == 1 with input as {"resources": {"aws_ebs_volume": [vol({"encrypted": false})], "aws_ebs_encryption_by_default": [by_default({"enabled": false})]}}
}

test_encrypted_volume_passes if {
	count(ebs_volume_encrypted.deny) == 0 with input as {"resources": {"aws_ebs_volume": [vol({"encrypted": true}), vol({"snapshot_id": "snap-1"})]}}
}

test_encryption_by_default_passes if {
	count(ebs_volume_encrypted.deny) == 0 with input as {"resources": {"aws_ebs_volume": [vol({})], "aws_ebs_encryption_by_default": [by_default({})]}}
}

test_unknown_not_denied if {
	v := object.union(vol({}), {"unknown": {"encrypted": true}})
	count(ebs_volume_encrypted.deny) == 0 with input as {"resources": {"aws_ebs_volume": [v]}}
}

# Terraform converts "true" and "false" for the boolean attributes: a default
# turned off with "false" does not cover the volume, "true" encrypts it.
test_booleans_as_strings if {
	count(ebs_volume_encrypted.deny) == 1 with input as {"resources": {"aws_ebs_volume": [vol({})], "aws_ebs_encryption_by_default": [by_default({"enabled": "false"})]}}
	count(ebs_volume_encrypted.deny) == 0 with input as {"resources": {"aws_ebs_volume": [vol({})], "aws_ebs_encryption_by_default": [by_default({"enabled": "true"})]}}
	count(ebs_volume_encrypted.deny) == 0 with input as {"resources": {"aws_ebs_volume": [vol({"encrypted": "true"})]}}
}
