# METADATA
# title: CloudWatch log groups are encrypted with a customer managed KMS key
# description: |
#   CloudWatch encrypts logs with a service key by default. A customer managed
#   KMS key lets you restrict, audit and revoke who can read the logs, which
#   often contain tokens, personal data and internal hostnames.
# custom:
#   id: TF-AWS-CW-002
#   severity: low
#   kind: terraform
#   resource_types: [aws_cloudwatch_log_group]
#   controls: [NIST-800-53:AU-9, NIST-800-53:SC-28, SOC2:CC6.1]
#   related: [CKV_AWS_158, AVD-AWS-0017]
#   remediation: |
#     Set kms_key_id to the ARN of a customer managed KMS key whose key policy
#     allows the logs.<region>.amazonaws.com service principal to use it.
#   enforcement: deny
package paved.terraform.aws.cloudwatch_log_kms

import data.paved.lib.tf

deny contains tf.result(g, msg) if {
	some g in tf.resources("aws_cloudwatch_log_group")
	not tf.is_unknown(g, ["kms_key_id"])
	not has_key(g)
	msg := sprintf("CloudWatch log group %s is not encrypted with a customer managed KMS key (kms_key_id unset)", [g.address])
}

has_key(g) if {
	key := g.values.kms_key_id
	is_string(key)
	key != ""
}
