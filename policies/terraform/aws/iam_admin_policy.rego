# METADATA
# title: IAM policies do not grant full "*:*" administrator access
# description: |
#   A statement that allows every action ("*") on every resource ("*") makes
#   whoever holds the policy an administrator of the account: one leaked
#   credential, or one compromised workload, is a full account takeover.
#
#   An IAM Identity Center permission set's inline policy
#   (aws_ssoadmin_permission_set_inline_policy) is judged the same way: it
#   becomes a role in every account the permission set is assigned to.
#
#   Peers: Checkov CKV_AWS_1 and CKV_AWS_62 ask the same ("*" actions on
#   "*" resources). CKV_AWS_62 also fails a JSON statement without Effect,
#   as if it allowed; IAM rejects such a document (Effect is required), so
#   it grants nothing and paved passes it. Trivy AVD-AWS-0057 also fails
#   service wildcards such as s3:* and any action on "*" resources; paved
#   leaves those to review.
# custom:
#   id: TF-AWS-IAM-001
#   severity: critical
#   kind: terraform
#   resource_types: [aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, aws_ssoadmin_permission_set_inline_policy, aws_iam_policy_document]
#   controls: [CIS-AWS-1.16, NIST-800-53:AC-6, SOC2:CC6.3, PCI-DSS:7.2.1]
#   related: [CKV_AWS_62, CKV_AWS_1]
#   see_also: [AVD-AWS-0057]
#   remediation: |
#     Grant the actions and resources the principal needs instead of "*" on
#     "*". Keep administrator access to a few break-glass roles behind SSO and
#     MFA, using the AWS managed AdministratorAccess policy rather than an
#     inline copy.
#   enforcement: deny
package paved.terraform.aws.iam_admin_policy

import data.paved.lib.tf
import data.paved.lib.tf.iam

# Policies given as JSON (heredoc, jsonencode, file…): known, or known in
# part (an interpolated ARN beside a "*").
deny contains tf.result_at(r, attr, msg) if {
	some type, attr in policy_attr
	some r in tf.resources(type)
	some st in iam.attr_statements(r, attr)
	admin(st)
	msg := sprintf("%s allows every action on every resource%s", [r.address, sid(st)])
}

policy_attr := {
	"aws_iam_policy": "policy",
	"aws_iam_role_policy": "policy",
	"aws_iam_user_policy": "policy",
	"aws_iam_group_policy": "policy",
	"aws_ssoadmin_permission_set_inline_policy": "inline_policy",
}

# aws_iam_policy_document data sources, whatever uses their json.
deny contains tf.result_at(d, "statement", msg) if {
	some d in tf.data_sources("aws_iam_policy_document")
	some st in iam.doc_statements(d)
	admin(st)
	msg := sprintf("%s allows every action on every resource%s", [d.address, sid(st)])
}

admin(st) if {
	st.effect == "Allow"
	not "effect" in st.unknown
	some a in st.actions
	a in {"*", "*:*"}
	"*" in st.resources
}

sid(st) := sprintf(" (statement %q)", [st.sid]) if {
	is_string(st.sid)
	st.sid != ""
} else := ""
