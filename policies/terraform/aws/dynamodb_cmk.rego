# METADATA
# title: DynamoDB tables are encrypted with a customer managed KMS key
# description: |
#   DynamoDB always encrypts tables, by default with an AWS owned key that you
#   cannot audit, restrict or revoke. A customer managed key puts access to the
#   data under your own key policy and CloudTrail.
#
#   Peers: Trivy AVD-AWS-0025 judges the same way. Checkov CKV_AWS_119
#   accepts any kms_key_arn, even the AWS managed key alias/aws/dynamodb,
#   which paved fails.
# custom:
#   id: TF-AWS-DDB-002
#   severity: low
#   kind: terraform
#   resource_types: [aws_dynamodb_table]
#   controls: [NIST-800-53:SC-12, NIST-800-53:SC-28, SOC2:CC6.1]
#   related: [CKV_AWS_119, AVD-AWS-0025]
#   remediation: |
#     Add server_side_encryption { enabled = true, kms_key_arn = <customer
#     managed key ARN> }; without kms_key_arn the AWS managed key aws/dynamodb
#     is used.
#   enforcement: deny
package paved.terraform.aws.dynamodb_cmk

import data.paved.lib.tf

deny contains tf.result_at(t, "server_side_encryption", msg) if {
	some t in tf.resources("aws_dynamodb_table")
	not tf.is_unknown(t, ["server_side_encryption", 0, "enabled"])
	not tf.is_true_value(tf.value(t, ["server_side_encryption", 0, "enabled"], false))
	msg := sprintf("DynamoDB table %s is encrypted with an AWS owned key, not a customer managed KMS key", [t.address])
}

deny contains tf.result_at(t, "server_side_encryption", msg) if {
	some t in tf.resources("aws_dynamodb_table")
	tf.is_true_value(tf.value(t, ["server_side_encryption", 0, "enabled"], false))
	not tf.is_unknown(t, ["server_side_encryption", 0, "kms_key_arn"])
	aws_managed(tf.value(t, ["server_side_encryption", 0, "kms_key_arn"], ""))
	msg := sprintf("DynamoDB table %s is encrypted with the AWS managed key aws/dynamodb, not a customer managed KMS key", [t.address])
}

aws_managed(key) if key in {"", null}

aws_managed(key) if {
	is_string(key)
	endswith(key, "alias/aws/dynamodb")
}
