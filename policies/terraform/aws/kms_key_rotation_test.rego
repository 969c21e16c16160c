package paved.terraform.aws.kms_key_rotation_test

import data.paved.terraform.aws.kms_key_rotation

key(values) := {"address": "aws_kms_key.k", "base_address": "aws_kms_key.k", "index": null, "type": "aws_kms_key", "file": "main.tf", "line": 1, "values": values}

test_key_without_rotation_denied if {
	some v in kms_key_rotation.deny with input as {"resources": {"aws_kms_key": [key({"description": "data"})]}}
	v.resource == "aws_kms_key.k"
}

test_disabled_rotation_denied if {
	count(kms_key_rotation.deny) == 1 with input as {"resources": {"aws_kms_key": [key({"enable_key_rotation": false, "customer_master_key_spec": "SYMMETRIC_DEFAULT"})]}}
}

test_rotating_or_non_rotatable_passes if {
	count(kms_key_rotation.deny) == 0 with input as {"resources": {"aws_kms_key": [
		key({"enable_key_rotation": true}),
		key({"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"}),
		key({"key_spec": "HMAC_256"}),
		key({"key_spec": "HMAC_256", "key_usage": "GENERATE_VERIFY_MAC"}),
		key({"key_spec": "RSA_4096", "key_usage": "ENCRYPT_DECRYPT"}),
		key({"key_usage": "SIGN_VERIFY"}), # Trivy AVD-AWS-0065's good example
		key({"custom_key_store_id": "cks-1"}),
	]}}
}

test_unknown_not_denied if {
	count(kms_key_rotation.deny) == 0 with input as {"resources": {"aws_kms_key": [
		object.union(key({}), {"unknown": {"enable_key_rotation": true}}),
		object.union(key({}), {"unknown": {"customer_master_key_spec": true}}),
		object.union(key({}), {"unknown": {"key_usage": true}}),
	]}}
}

test_symmetric_encrypt_decrypt_denied if {
	count(kms_key_rotation.deny) == 1 with input as {"resources": {"aws_kms_key": [key({"key_usage": "ENCRYPT_DECRYPT", "key_spec": "SYMMETRIC_DEFAULT"})]}}
}

# Terraform converts "true" for the boolean attribute.
test_rotation_as_string_passes if {
	count(kms_key_rotation.deny) == 0 with input as {"resources": {"aws_kms_key": [key({"enable_key_rotation": "true"})]}}
	count(kms_key_rotation.deny) == 1 with input as {"resources": {"aws_kms_key": [key({"enable_key_rotation": "false"})]}}
}
