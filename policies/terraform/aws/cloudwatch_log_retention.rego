# METADATA
# title: CloudWatch log groups keep logs long enough
# description: |
#   Logs that expire before an incident is noticed cannot be investigated, and
#   audits usually ask for a year of history. Retention must be decided
#   explicitly: at least log_retention_days (365 by default), or 0 to keep
#   logs forever on purpose.
#
#   Peers: with the default of 365 days this is Checkov CKV_AWS_338 (unset
#   fails, 0 or at least a year passes). Checkov CKV_AWS_66 asks only that
#   some retention be set, so it passes a log group that keeps 30 days.
# custom:
#   id: TF-AWS-CW-001
#   severity: medium
#   kind: terraform
#   resource_types: [aws_cloudwatch_log_group]
#   controls: [NIST-800-53:AU-11, SOC2:CC7.2]
#   related: [CKV_AWS_338]
#   see_also: [CKV_AWS_66]
#   remediation: |
#     Set retention_in_days to at least the log_retention_days parameter (365
#     by default), or to 0 (never expire) when logs must be kept forever.
#   enforcement: deny
package paved.terraform.aws.cloudwatch_log_retention

import data.paved.lib.tf

min_days := tf.to_num(tf.params("log_retention_days", 365))

deny contains tf.result(g, msg) if {
	some g in tf.resources("aws_cloudwatch_log_group")
	not tf.is_unknown(g, ["retention_in_days"])
	tf.value(g, ["retention_in_days"], null) == null
	msg := sprintf("CloudWatch log group %s does not set retention_in_days (set at least %v days, or 0 to keep logs forever)", [g.address, min_days])
}

deny contains tf.result_at(g, "retention_in_days", msg) if {
	some g in tf.resources("aws_cloudwatch_log_group")
	days := tf.number(g.values.retention_in_days)
	days != 0
	days < min_days
	msg := sprintf("CloudWatch log group %s keeps logs %v days, less than %v", [g.address, days, min_days])
}
