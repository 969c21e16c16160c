# METADATA
# title: SQS queues declare server-side encryption
# description: |
#   Messages at rest in an unencrypted queue are readable by anyone who reaches
#   the storage layer. AWS now applies SSE-SQS to new queues whose
#   configuration says nothing, but like Checkov and Trivy this policy asks the
#   configuration to say so (kms_master_key_id or sqs_managed_sse_enabled =
#   true), so existing queues and drifted settings are not taken on trust. Set
#   the sqs_trust_default_sse parameter to true to accept the AWS default; an
#   explicit sqs_managed_sse_enabled = false is always denied.
# custom:
#   id: TF-AWS-SQS-001
#   severity: medium
#   kind: terraform
#   resource_types: [aws_sqs_queue]
#   controls: [NIST-800-53:SC-28, SOC2:CC6.1]
#   related: [CKV_AWS_27, AVD-AWS-0096]
#   remediation: |
#     Set kms_master_key_id to a KMS key (SSE-KMS), or sqs_managed_sse_enabled =
#     true (SSE-SQS).
#   enforcement: deny
package paved.terraform.aws.sqs_encryption

import data.paved.lib.tf

deny contains tf.result(q, msg) if {
	some q in tf.resources("aws_sqs_queue")
	not encrypted(q)
	not tf.is_unknown(q, ["kms_master_key_id"])
	not tf.is_unknown(q, ["sqs_managed_sse_enabled"])
	msg := sprintf("SQS queue %s %s", [q.address, reason(q)])
}

encrypted(q) if {
	key := q.values.kms_master_key_id
	is_string(key)
	key != ""
}

encrypted(q) if tf.is_true_value(q.values.sqs_managed_sse_enabled)

reason(q) := "disables server-side encryption (sqs_managed_sse_enabled = false and no kms_master_key_id)" if {
	tf.is_false_value(q.values.sqs_managed_sse_enabled)
}

reason(q) := "does not declare server-side encryption (neither kms_master_key_id nor sqs_managed_sse_enabled = true)" if {
	tf.value(q, ["sqs_managed_sse_enabled"], null) == null
	not tf.params("sqs_trust_default_sse", false) == true
}
