# METADATA
# title: IAM policies do not grant full "*:*" administrator access
# description: |
#   A statement that allows every action ("*") on every resource ("*") makes
#   whoever holds the policy an administrator of the account: one leaked
#   credential, or one compromised workload, is a full account takeover.
#
#   Peers: Checkov CKV_AWS_1 and CKV_AWS_62 ask the same ("*" actions on
#   "*" resources). Trivy AVD-AWS-0057 also fails service wildcards such as
#   s3:* and any action on "*" resources; paved leaves those to review.
# custom:
#   id: TF-AWS-IAM-001
#   severity: critical
#   kind: terraform
#   resource_types: [aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, aws_iam_policy_document]
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
deny contains tf.result_at(r, "policy", msg) if {
	some type in ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"]
	some r in tf.resources(type)
	some st in iam.attr_statements(r, "policy")
	admin(st)
	msg := sprintf("%s allows every action on every resource%s", [r.address, sid(st)])
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
