# METADATA
# title: S3 buckets keep object versions
# description: |
#   Without versioning an overwrite or a delete, accidental or malicious, is
#   final: there is no earlier version of the object to restore. Versioning is
#   also what replication and object lock build on.
#
#   Peers: Checkov CKV_AWS_21 and Trivy AVD-AWS-0090 ask the same. When an
#   aws_s3_bucket_versioning names its bucket by a value not known before
#   apply (a variable without a value), it may belong to any bucket, and
#   paved judges no bucket of the configuration; Checkov matches it to the
#   bucket named by the same variable and still fails the others.
# custom:
#   id: TF-AWS-S3-002
#   severity: medium
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [NIST-800-53:CP-9, NIST-800-53:SI-12, SOC2:A1.2]
#   related: [CKV_AWS_21, AVD-AWS-0090]
#   remediation: |
#     Add an aws_s3_bucket_versioning whose bucket refers to this bucket, with
#     versioning_configuration { status = "Enabled" } (on AWS provider < 4, a
#     versioning { enabled = true } block on the bucket). With
#     terraform-aws-modules/s3-bucket, pass versioning = { enabled = true }.
#   enforcement: deny
package paved.terraform.aws.s3_versioning

import data.paved.lib.tf

deny contains tf.result(b, msg) if {
	some b in tf.resources("aws_s3_bucket")
	not inline_enabled(b)
	not tf.unknown_in_config(b, ["versioning", "enabled"])
	not split_enabled_or_unknown(b)
	not tf.unresolved("aws_s3_bucket_versioning", "bucket")
	msg := sprintf("S3 bucket %s does not have versioning enabled%s", [b.address, why(b)])
}

# AWS provider < 4: versioning { enabled = true } on the bucket.
inline_enabled(b) if {
	some v in tf.blocks(b, "versioning")
	tf.is_true_value(v.enabled)
}

# AWS provider v4+: an aws_s3_bucket_versioning with status Enabled, or a
# status not known before apply.
split_enabled_or_unknown(b) if {
	some v in tf.resources("aws_s3_bucket_versioning")
	tf.refers_to(v, "bucket", b)
	enabled_or_unknown(v)
}

enabled_or_unknown(v) if tf.is_unknown_anywhere(v, ["versioning_configuration", "status"])

enabled_or_unknown(v) if {
	some c in tf.blocks(v, "versioning_configuration")
	c.status == "Enabled"
}

why(b) := sprintf(" (%s sets status %v)", [v.address, c.status]) if {
	some v in tf.resources("aws_s3_bucket_versioning")
	tf.refers_to(v, "bucket", b)
	some c in tf.blocks(v, "versioning_configuration")
} else := ""
