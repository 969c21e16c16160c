# METADATA
# title: S3 buckets log access requests
# description: |
#   Server access logs record who read, wrote or deleted what and when;
#   without them an incident on the bucket cannot be investigated. Buckets
#   that receive access logs themselves are exempt.
# custom:
#   id: TF-AWS-S3-004
#   severity: low
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [NIST-800-53:AU-2, NIST-800-53:AU-12, SOC2:CC7.2, PCI-DSS:10.2.1]
#   related: [CKV_AWS_18, AVD-AWS-0089]
#   remediation: |
#     Add an aws_s3_bucket_logging whose bucket refers to this bucket and
#     whose target_bucket is a dedicated log bucket (on AWS provider < 4, a
#     logging block on the bucket). With terraform-aws-modules/s3-bucket,
#     pass logging = { target_bucket = …, target_prefix = … }.
#   enforcement: deny
package paved.terraform.aws.s3_access_logging

import data.paved.lib.tf

deny contains tf.result(b, sprintf("S3 bucket %s does not log access requests", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	count(tf.blocks(b, "logging")) == 0
	not tf.unknown_in_config(b, ["logging"])
	not tf.maybe_attached("aws_s3_bucket_logging", "bucket", b)
	not log_bucket(b)
}

# A bucket that receives access logs (target of a logging configuration, or
# with the log-delivery-write ACL) is not asked to log itself.
log_bucket(b) if tf.maybe_attached("aws_s3_bucket_logging", "target_bucket", b)

log_bucket(b) if {
	some other in tf.resources("aws_s3_bucket")
	some l in tf.blocks(other, "logging")
	l.target_bucket in {object.get(b.values, "bucket", null), object.get(b.values, "id", null)}
}

log_bucket(b) if b.values.acl == "log-delivery-write"

log_bucket(b) if {
	some a in tf.resources("aws_s3_bucket_acl")
	tf.refers_to(a, "bucket", b)
	a.values.acl == "log-delivery-write"
}
