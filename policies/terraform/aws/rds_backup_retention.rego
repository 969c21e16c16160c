# METADATA
# title: RDS and Aurora keep automated backups long enough
# description: |
#   Automated backups and point-in-time recovery only reach back as far as
#   the retention period. When backup_retention_period is unset AWS keeps one
#   day, too short to notice and undo corruption or a bad migration. The
#   minimum is the rds_min_backup_retention parameter (default 7 days).
#   Read replicas, which the source's backups cover, and Aurora instances,
#   which the cluster's backups cover, are not judged.
#
#   Peers: Trivy AVD-AWS-0077 asks the same with a minimum of 2 days, so
#   its examples with 5 days pass there and fail here; with
#   rds_min_backup_retention set to 2 paved gives its verdicts, an unset
#   period failing in both (its effective value is 1 day). Checkov
#   CKV_AWS_133 asks only that backups are on: it passes an unset period
#   and any period from 1 to 35 days.
# custom:
#   id: TF-AWS-RDS-003
#   severity: medium
#   kind: terraform
#   resource_types: [aws_db_instance, aws_rds_cluster]
#   controls: [NIST-800-53:CP-9, NIST-800-53:CP-10, SOC2:A1.2]
#   related: [AVD-AWS-0077]
#   see_also: [CKV_AWS_133]
#   remediation: |
#     Set backup_retention_period to at least 7 days (up to 35) on the
#     aws_db_instance or aws_rds_cluster (terraform-aws-modules/rds and
#     rds-aurora: backup_retention_period = 7 or more).
#   enforcement: deny
package paved.terraform.aws.rds_backup_retention

import data.paved.lib.tf

replica_attr := {"aws_db_instance": "replicate_source_db", "aws_rds_cluster": "replication_source_identifier"}

deny contains tf.result_at(r, "backup_retention_period", msg) if {
	some type, source in replica_attr
	some r in tf.resources(type)
	not tf.is_set(r, [source])
	not tf.is_unknown(r, [source])
	not aurora_instance(r)
	not tf.is_unknown(r, ["backup_retention_period"])
	days := retention(r)
	days < minimum
	msg := sprintf("%s keeps automated backups %s, below the %v-day minimum", [r.address, shown(r, days), minimum])
}

minimum := tf.to_num(tf.params("rds_min_backup_retention", 7))

# Unset (or null): AWS's default of 1 day. A value that is not a number is
# left alone.
retention(r) := 1 if not tf.is_set(r, ["backup_retention_period"])

retention(r) := tf.number(r.values.backup_retention_period)

shown(r, _) := "for 1 day (backup_retention_period is unset)" if not tf.is_set(r, ["backup_retention_period"])

shown(r, days) := sprintf("for %v day(s)", [days]) if tf.is_set(r, ["backup_retention_period"])

# Aurora instances declared as aws_db_instance take their backups from the cluster.
aurora_instance(r) if {
	r.type == "aws_db_instance"
	engine := r.values.engine
	is_string(engine)
	startswith(engine, "aurora")
}
