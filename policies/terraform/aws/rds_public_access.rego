# METADATA
# title: RDS databases are not publicly accessible
# description: |
#   A publicly accessible database gets a public DNS name and address, so
#   the only thing between the Internet and the database listener is a
#   security group. Databases belong in private subnets.
#
#   Peers: Checkov CKV_AWS_17 and Trivy AVD-AWS-0180 give paved's verdicts
#   on their examples; paved also judges Multi-AZ DB clusters
#   (aws_rds_cluster), which they do not.
# custom:
#   id: TF-AWS-RDS-002
#   severity: high
#   kind: terraform
#   resource_types: [aws_db_instance, aws_rds_cluster_instance, aws_rds_cluster]
#   controls: [CIS-AWS-2.3.3, NIST-800-53:SC-7, NIST-800-53:AC-3, SOC2:CC6.6, PCI-DSS:1.3.1]
#   related: [CKV_AWS_17, AVD-AWS-0180]
#   remediation: |
#     Set publicly_accessible = false (the default) on the aws_db_instance,
#     aws_rds_cluster_instance or Multi-AZ aws_rds_cluster, and place it in a
#     DB subnet group of private subnets. Reach it through a bastion, SSM port
#     forwarding or a VPN.
#   enforcement: deny
package paved.terraform.aws.rds_public_access

import data.paved.lib.tf

deny contains tf.result_at(r, "publicly_accessible", sprintf("%s is publicly accessible", [r.address])) if {
	some type in ["aws_db_instance", "aws_rds_cluster_instance", "aws_rds_cluster"]
	some r in tf.resources(type)
	tf.is_true(r, "publicly_accessible")
}
