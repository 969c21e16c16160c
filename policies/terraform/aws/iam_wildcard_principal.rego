# METADATA
# title: Trust and resource policies do not allow any principal
# description: |
#   An Allow statement whose principal is "*" (or {"AWS": "*"}) with no
#   condition lets anyone, in any AWS account or anonymously, assume the role
#   or use the bucket, queue or topic. A principal ARN with "*" for the
#   account (arn:aws:iam::*:role/x) is as open: anyone can create that role
#   in an account of their own. Conditions such as aws:PrincipalOrgID or
#   aws:SourceArn narrow such statements, so they pass, except a condition
#   on aws:PrincipalArn or aws:SourceArn (ArnEquals, ArnLike, StringEquals,
#   StringLike) whose values all name any account ("*", arn:aws:iam::*),
#   which matches every caller.
#
#   Peers: Checkov CKV_AWS_60 (roles), CKV_AWS_70 (S3), CKV_AWS_168 (SQS)
#   and CKV_AWS_169 (SNS) ask the same and give paved's verdicts on their
#   examples, except four CKV_AWS_169 examples whose policy is not valid
#   JSON (a trailing comma): the AWS provider refuses such a policy
#   (validation.StringIsJSON), so paved does not read it. Checkov differs
#   beyond its examples: CKV_AWS_60 ignores conditions and Principal "*",
#   and CKV_AWS_70 counts only conditions on keys it lists (aws:SourceVpce,
#   aws:PrincipalOrgID, aws:PrincipalAccount…) as narrowing, where paved
#   counts every condition but one that every caller meets.
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
	open(st)
	msg := sprintf("%s: %s allows %s%s", [r.address, attr, what(st), sid(st)])
}

# aws_iam_policy_document data sources, whatever uses their json.
deny contains tf.result_at(d, "statement", msg) if {
	some d in tf.data_sources("aws_iam_policy_document")
	some st in iam.doc_statements(d)
	open(st)
	msg := sprintf("%s allows %s%s", [d.address, what(st), sid(st)])
}

# open(st): an Allow statement for any principal, or principals of any
# account, with no condition that narrows it (and none unknown).
open(st) if {
	st.effect == "Allow"
	not "effect" in st.unknown
	count(wide_principals(st)) > 0
	not "condition" in st.unknown
	every c in st.conditions {
		matches_everyone(c)
	}
}

wide_principals(st) := {id |
	some p in st.principals
	p.type in {"*", "AWS"}
	some id in p.identifiers
	any_account(id)
}

# any_account(x): "*", or an ARN whose account field is "*".
any_account("*")

any_account(x) if {
	is_string(x)
	parts := split(x, ":")
	count(parts) >= 5
	parts[0] == "arn"
	parts[4] == "*"
}

# A condition on the caller's or source's ARN that every ARN satisfies.
matches_everyone(c) if {
	count(c.unknown) == 0
	lower(c.variable) in {"aws:principalarn", "aws:sourcearn"}
	c.test in {"ArnEquals", "ArnLike", "StringEquals", "StringLike"}
	count(c.values) > 0
	every v in c.values {
		any_account(v)
	}
}

what(st) := sprintf("%s %s", [who(st), how(st)])

who(st) := "any principal" if "*" in wide_principals(st)

who(st) := sprintf("principals of any AWS account (%s)", [concat(", ", sort(wide_principals(st)))]) if not "*" in wide_principals(st)

how(st) := "without a condition" if count(st.conditions) == 0

how(st) := sprintf("under a condition that every caller meets (%s)", [concat(", ", sort({sprintf("%s %s", [c.test, c.variable]) | some c in st.conditions}))]) if count(st.conditions) > 0

sid(st) := sprintf(" (statement %q)", [st.sid]) if {
	is_string(st.sid)
	st.sid != ""
} else := ""
