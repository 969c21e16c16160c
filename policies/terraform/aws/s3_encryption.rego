# METADATA
# title: S3 buckets encrypt data at rest
# description: |
#   Unencrypted buckets expose data to anyone who gains access to the
#   storage layer or a misdirected backup. Default encryption costs nothing.
# custom:
#   id: TF-AWS-S3-001
#   severity: high
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [CIS-AWS-2.1.1, NIST-800-53:SC-28, SOC2:CC6.1]
#   related: [CKV_AWS_19, AVD-AWS-0088]
#   remediation: |
#     Add an aws_s3_bucket_server_side_encryption_configuration whose bucket
#     refers to this bucket (or, on AWS provider < 4, a
#     server_side_encryption_configuration block), using aws:kms or AES256.
#   enforcement: deny
package paved.terraform.aws.s3_encryption

import data.paved.lib.tf

deny contains tf.result(b, sprintf("S3 bucket %s has no server-side encryption configuration", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	not inline_encryption(b)
	not tf.is_unknown(b, ["server_side_encryption_configuration"])
	not tf.attached("aws_s3_bucket_server_side_encryption_configuration", "bucket", b)
}

inline_encryption(b) if count(tf.blocks(b, "server_side_encryption_configuration")) > 0
