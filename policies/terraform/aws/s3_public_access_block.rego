# METADATA
# title: S3 buckets block public access
# description: |
#   The S3 Block Public Access settings override ACLs and bucket policies
#   that would make a bucket or its objects public. With all four on, a
#   mistaken ACL or policy cannot expose the data.
#
#   Peers: none asks for all four settings, so none is equivalent. Each of
#   Trivy AVD-AWS-0086, AVD-AWS-0087, AVD-AWS-0091 and AVD-AWS-0093 (and
#   Checkov CKV_AWS_53 to CKV_AWS_56, which judge the
#   aws_s3_bucket_public_access_block rather than the bucket) asks for one
#   of them: every bucket they fail, paved fails, but each passes a block
#   that sets only its own setting. Checkov CKV2_AWS_6 asks for
#   block_public_acls and block_public_policy, and Trivy AVD-AWS-0094 only
#   for a block to exist, whatever it sets. Together the four one-setting
#   checks fail what paved fails (paved also accepts an account-wide block
#   with all four settings on).
# custom:
#   id: TF-AWS-S3-003
#   severity: high
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [CIS-AWS-2.1.5, NIST-800-53:AC-3, NIST-800-53:SC-7, SOC2:CC6.1, SOC2:CC6.6]
#   related: []
#   see_also: [CKV2_AWS_6, CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56, AVD-AWS-0094, AVD-AWS-0086, AVD-AWS-0087, AVD-AWS-0091, AVD-AWS-0093]
#   remediation: |
#     Add an aws_s3_bucket_public_access_block whose bucket refers to this
#     bucket, with block_public_acls, block_public_policy, ignore_public_acls
#     and restrict_public_buckets all true (or enable all four account-wide
#     with aws_s3_account_public_access_block).
#   enforcement: deny
package paved.terraform.aws.s3_public_access_block

import data.paved.lib.tf

settings := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

deny contains tf.result(b, sprintf("S3 bucket %s has no public access block", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	not account_blocks_all
	not tf.maybe_attached("aws_s3_bucket_public_access_block", "bucket", b)
}

deny contains tf.result(b, msg) if {
	some b in tf.resources("aws_s3_bucket")
	not account_blocks_all
	some pab in tf.resources("aws_s3_bucket_public_access_block")
	tf.refers_to(pab, "bucket", b)
	off := [s | some s in settings; tf.known_not_true(pab, s)]
	count(off) > 0
	msg := sprintf("S3 bucket %s: public access block %s does not set %s to true", [b.address, pab.address, concat(", ", off)])
}

# The account-level block, all four settings on (or unknown), covers every bucket.
account_blocks_all if {
	some a in tf.resources("aws_s3_account_public_access_block")
	every s in settings {
		not tf.known_not_true(a, s)
	}
}
