# METADATA
# title: DynamoDB tables have point-in-time recovery
# description: |
#   Without point-in-time recovery a bad deploy, a buggy batch job or a
#   malicious delete can destroy table data with no way to restore it to the
#   second before it happened.
#
#   Peers: Checkov CKV_AWS_28 and Trivy AVD-AWS-0024 judge tables the same
#   way (enabled = "true", a string Terraform converts, counts as enabled, as
#   in Checkov). Trivy also reports every aws_dax_cluster, which has no
#   point-in-time recovery setting to turn on; paved does not judge DAX.
# custom:
#   id: TF-AWS-DDB-001
#   severity: medium
#   kind: terraform
#   resource_types: [aws_dynamodb_table]
#   controls: [NIST-800-53:CP-9, NIST-800-53:CP-10, SOC2:A1.2]
#   related: [CKV_AWS_28, AVD-AWS-0024]
#   remediation: |
#     Add point_in_time_recovery { enabled = true } to the table.
#   enforcement: deny
package paved.terraform.aws.dynamodb_pitr

import data.paved.lib.tf

deny contains tf.result_at(t, "point_in_time_recovery", msg) if {
	some t in tf.resources("aws_dynamodb_table")
	not tf.is_unknown(t, ["point_in_time_recovery", 0, "enabled"])
	not tf.is_true_value(tf.value(t, ["point_in_time_recovery", 0, "enabled"], false))
	msg := sprintf("DynamoDB table %s does not have point-in-time recovery enabled", [t.address])
}
