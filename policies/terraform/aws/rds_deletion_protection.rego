# METADATA
# title: RDS and Aurora databases have deletion protection
# description: |
#   Without deletion protection a single API call, or a Terraform plan that
#   replaces the database, destroys it. With it, deletion needs a deliberate
#   change first.
# custom:
#   id: TF-AWS-RDS-004
#   severity: medium
#   kind: terraform
#   resource_types: [aws_db_instance, aws_rds_cluster]
#   controls: [NIST-800-53:CP-9, NIST-800-53:CM-3, SOC2:A1.2]
#   related: [CKV_AWS_293, CKV_AWS_139, AVD-AWS-0177, AVD-AWS-0343]
#   remediation: |
#     Set deletion_protection = true on the aws_db_instance or aws_rds_cluster
#     (terraform-aws-modules/rds and rds-aurora: deletion_protection = true).
#   enforcement: deny
package paved.terraform.aws.rds_deletion_protection

import data.paved.lib.tf

deny contains tf.result_at(r, "deletion_protection", msg) if {
	some type in ["aws_db_instance", "aws_rds_cluster"]
	some r in tf.resources(type)
	tf.known_not_true(r, "deletion_protection")
	not aurora_instance(r)
	msg := sprintf("%s does not have deletion protection enabled", [r.address])
}

# Aurora instances declared as aws_db_instance are protected through their cluster.
aurora_instance(r) if {
	r.type == "aws_db_instance"
	engine := r.values.engine
	is_string(engine)
	startswith(engine, "aurora")
}
