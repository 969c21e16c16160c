# METADATA
# title: KMS keys rotate their key material
# description: |
#   Automatic rotation replaces a symmetric key's material every year (or
#   the configured period) while old ciphertext stays readable, limiting how
#   much data one compromised key version protects. Only symmetric
#   encryption keys (key spec SYMMETRIC_DEFAULT, key usage ENCRYPT_DECRYPT)
#   can rotate automatically: asymmetric and HMAC keys, and keys in a custom
#   key store, are not judged.
#
#   Peers: paved gives Trivy AVD-AWS-0065's verdicts on its examples, but
#   Trivy exempts only SIGN_VERIFY keys, so it also fails asymmetric
#   ENCRYPT_DECRYPT keys (RSA) and HMAC keys, which AWS cannot rotate; paved
#   passes them. Checkov CKV_AWS_7 gives paved's verdicts on its examples;
#   it skips asymmetric key specs but, unlike paved, fails HMAC keys
#   without rotation.
# custom:
#   id: TF-AWS-KMS-001
#   severity: medium
#   kind: terraform
#   resource_types: [aws_kms_key]
#   controls: [CIS-AWS-3.8, NIST-800-53:SC-12, SOC2:CC6.1, PCI-DSS:3.7.4]
#   related: [CKV_AWS_7, AVD-AWS-0065]
#   remediation: |
#     Set enable_key_rotation = true on the aws_kms_key (optionally
#     rotation_period_in_days). terraform-aws-modules/kms enables it by
#     default.
#   enforcement: deny
package paved.terraform.aws.kms_key_rotation

import data.paved.lib.tf

deny contains tf.result_at(k, "enable_key_rotation", sprintf("KMS key %s does not rotate its key material", [k.address])) if {
	some k in tf.resources("aws_kms_key")
	tf.known_not_true(k, "enable_key_rotation")
	symmetric(k)
	not tf.is_set(k, ["custom_key_store_id"])
	not tf.is_unknown(k, ["custom_key_store_id"])
}

# The key spec, known and SYMMETRIC_DEFAULT (its default), and the key
# usage, known and ENCRYPT_DECRYPT (its default).
symmetric(k) if {
	every attr in ["customer_master_key_spec", "key_spec"] {
		not tf.is_unknown(k, [attr])
		object.get(k.values, attr, null) in {null, "SYMMETRIC_DEFAULT"}
	}
	not tf.is_unknown(k, ["key_usage"])
	object.get(k.values, "key_usage", null) in {null, "ENCRYPT_DECRYPT"}
}
