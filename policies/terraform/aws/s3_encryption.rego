# METADATA
# title: S3 buckets declare their default encryption
# description: |
#   Downgraded to a low warning: the risk it guarded against is closed by
#   AWS. Since January 5, 2023 S3 applies server-side encryption with
#   S3-managed keys (SSE-S3) to every new object of every bucket, and it can
#   no longer be turned off, so a bucket without an encryption configuration
#   is encrypted at rest all the same. What remains is that the code does
#   not say how: declaring the configuration keeps the choice reviewable and
#   stops drift when someone changes it in the console. For control over who
#   can decrypt, see TF-AWS-S3-007 (customer-managed KMS keys, opt-in).
#
#   Peers: CIS AWS Foundations dropped the control (2.1.1) from v1.5, Trivy
#   deprecated AVD-AWS-0088 for the same reason, and Checkov's CKV_AWS_19
#   still fails a bucket without an encryption block; paved reports it but
#   never blocks on it. AVD-AWS-0088 also fails a split configuration with an
#   empty rule {}, which paved accepts (S3 still applies SSE-S3).
# custom:
#   id: TF-AWS-S3-001
#   severity: low
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [NIST-800-53:SC-28, SOC2:CC6.1]
#   related: []
#   see_also: [CKV_AWS_19, AVD-AWS-0088]
#   remediation: |
#     Add an aws_s3_bucket_server_side_encryption_configuration whose bucket
#     refers to this bucket (or, on AWS provider < 4, a
#     server_side_encryption_configuration block), with sse_algorithm AES256
#     for SSE-S3 or aws:kms with your key (TF-AWS-S3-007).
#   enforcement: warn
package paved.terraform.aws.s3_encryption

import data.paved.lib.tf

deny contains tf.result(b, sprintf("S3 bucket %s declares no server-side encryption configuration, so S3 applies its default (SSE-S3, S3-managed keys) and the code does not say how the bucket is encrypted", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	not inline_encryption(b)
	not tf.is_unknown(b, ["server_side_encryption_configuration"])
	not tf.attached("aws_s3_bucket_server_side_encryption_configuration", "bucket", b)
}

inline_encryption(b) if count(tf.blocks(b, "server_side_encryption_configuration")) > 0
