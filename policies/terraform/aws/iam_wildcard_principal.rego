# METADATA
# title: Trust and resource policies do not allow any principal
# description: |
#   An Allow statement whose principal is "*" (or {"AWS": "*"}) with no
#   condition lets anyone, in any AWS account or anonymously, assume the role
#   or use the bucket, queue or topic. Conditions such as aws:PrincipalOrgID
#   or aws:SourceArn narrow such statements, so they pass.
# custom:
#   id: TF-AWS-IAM-002
#   severity: high
#   kind: terraform
#   resource_types: [aws_iam_role, aws_s3_bucket_policy, aws_sqs_queue_policy, aws_sns_topic_policy, aws_s3_bucket, aws_sqs_queue, aws_sns_topic, aws_iam_policy_document]
#   controls: [NIST-800-53:AC-3, NIST-800-53:AC-6, SOC2:CC6.1, SOC2:CC6.3]
#   related: [CKV_AWS_60, CKV_AWS_70, CKV_AWS_168, CKV_AWS_169]
#   remediation: |
#     Name the principals that need access (account ARNs, role ARNs, service
#     principals) instead of "*", or add a condition that limits the
#     statement (aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount…).
#   enforcement: deny
package paved.terraform.aws.iam_wildcard_principal

import data.paved.lib.tf
import data.paved.lib.tf.iam

policy_attr := {
	"aws_iam_role": "assume_role_policy",
	"aws_s3_bucket_policy": "policy",
	"aws_sqs_queue_policy": "policy",
	"aws_sns_topic_policy": "policy",
	"aws_s3_bucket": "policy",
	"aws_sqs_queue": "policy",
	"aws_sns_topic": "policy",
}

# Policies given as JSON (heredoc, jsonencode, file…): known, or known in
# part (an interpolated ARN beside a "*").
deny contains tf.result_at(r, attr, msg) if {
	some type, attr in policy_attr
	some r in tf.resources(type)
	some st in iam.attr_statements(r, attr)
	iam.allows_any_principal(st)
	msg := sprintf("%s: %s allows any principal without a condition%s", [r.address, attr, sid(st)])
}

# aws_iam_policy_document data sources, whatever uses their json.
deny contains tf.result_at(d, "statement", msg) if {
	some d in tf.data_sources("aws_iam_policy_document")
	some st in iam.doc_statements(d)
	iam.allows_any_principal(st)
	msg := sprintf("%s allows any principal without a condition%s", [d.address, sid(st)])
}

sid(st) := sprintf(" (statement %q)", [st.sid]) if {
	is_string(st.sid)
	st.sid != ""
} else := ""
