# METADATA
# title: Instances use an allowed type
# description: Cost control, only instance types on the allowed list.
# custom:
#   id: ACME-001
#   severity: medium
#   kind: terraform
#   resource_types: [aws_instance]
#   controls: [ACME-COST-1]
#   remediation: Pick an instance type from data.params.allowed_instance_types.
package acme.instance_type

import data.paved.lib.tf

deny contains tf.result_at(r, "instance_type", sprintf("instance type %s is not allowed", [r.values.instance_type])) if {
	some r in tf.resources("aws_instance")
	allowed := tf.params("allowed_instance_types", ["t3.micro"])
	not r.values.instance_type in allowed
	not tf.is_unknown(r, ["instance_type"])
}
