# METADATA
# title: RDS and Aurora databases accept IAM authentication
# description: |
#   IAM database authentication replaces long-lived database passwords with
#   short-lived tokens tied to IAM identities, so access is granted, audited
#   and revoked in one place. It applies to MySQL, MariaDB and PostgreSQL
#   engines (and their Aurora editions); other engines are not judged.
#
#   Peers: Checkov CKV_AWS_161 and CKV_AWS_162 and Trivy AVD-AWS-0176 give
#   paved's verdicts on their examples. CKV_AWS_161 and AVD-AWS-0176 judge
#   only MySQL and PostgreSQL instances; paved also fails a MariaDB
#   instance without IAM authentication, which RDS supports for MariaDB.
# custom:
#   id: TF-AWS-RDS-005
#   severity: medium
#   kind: terraform
#   resource_types: [aws_db_instance, aws_rds_cluster]
#   controls: [NIST-800-53:IA-2, NIST-800-53:AC-2, SOC2:CC6.1, PCI-DSS:8.3.1]
#   related: [CKV_AWS_161, CKV_AWS_162, AVD-AWS-0176]
#   remediation: |
#     Set iam_database_authentication_enabled = true on the aws_db_instance or
#     aws_rds_cluster, then grant rds-db:connect to the roles that need it
#     (terraform-aws-modules/rds: iam_database_authentication_enabled = true).
#   enforcement: deny
package paved.terraform.aws.rds_iam_auth

import data.paved.lib.tf

supported := {
	"aws_db_instance": {"mysql", "mariadb", "postgres"},
	"aws_rds_cluster": {"aurora", "aurora-mysql", "aurora-postgresql", "mysql", "postgres"},
}

deny contains tf.result_at(r, "iam_database_authentication_enabled", msg) if {
	some type, engines in supported
	some r in tf.resources(type)
	engine(r) in engines
	not tf.is_set(r, [replica_attr[type]])
	not tf.is_unknown(r, [replica_attr[type]])
	tf.known_not_true(r, "iam_database_authentication_enabled")
	msg := sprintf("%s (%s) does not enable IAM database authentication", [r.address, engine(r)])
}

replica_attr := {"aws_db_instance": "replicate_source_db", "aws_rds_cluster": "replication_source_identifier"}

# The engine, when known; aws_rds_cluster defaults to "aurora". An instance
# without engine is a replica, which takes its settings from the source.
engine(r) := e if {
	e := r.values.engine
	is_string(e)
} else := "aurora" if {
	r.type == "aws_rds_cluster"
	not tf.is_set(r, ["engine"])
	not tf.is_unknown(r, ["engine"])
}
