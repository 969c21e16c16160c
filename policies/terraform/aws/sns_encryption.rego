# METADATA
# title: SNS topics are encrypted at rest
# description: |
#   SNS does not encrypt topics unless a KMS key is configured, so published
#   messages are stored unencrypted until they are delivered.
# custom:
#   id: TF-AWS-SNS-001
#   severity: medium
#   kind: terraform
#   resource_types: [aws_sns_topic]
#   controls: [NIST-800-53:SC-28, SOC2:CC6.1]
#   related: [CKV_AWS_26, AVD-AWS-0095]
#   remediation: |
#     Set kms_master_key_id to a customer managed KMS key (or alias/aws/sns for
#     the AWS managed key). Publishers such as CloudWatch alarms or S3 events
#     need kms:GenerateDataKey and kms:Decrypt in the key policy.
#   enforcement: deny
package paved.terraform.aws.sns_encryption

import data.paved.lib.tf

deny contains tf.result(t, msg) if {
	some t in tf.resources("aws_sns_topic")
	not tf.is_unknown(t, ["kms_master_key_id"])
	not has_key(t)
	msg := sprintf("SNS topic %s is not encrypted at rest (kms_master_key_id unset)", [t.address])
}

has_key(t) if {
	key := t.values.kms_master_key_id
	is_string(key)
	key != ""
}
