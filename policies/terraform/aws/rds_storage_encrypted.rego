# METADATA
# title: RDS and Aurora storage is encrypted
# description: |
#   An unencrypted database volume, and every snapshot and replica made from
#   it, exposes the data to anyone who obtains the storage or a shared
#   snapshot. Encryption can only be chosen when the database is created.
#
#   Peers: Checkov CKV_AWS_16 and CKV_AWS_96 and Trivy AVD-AWS-0080 ask the
#   same. Trivy AVD-AWS-0079 also fails an encrypted cluster without a
#   customer-managed kms_key_id; paved asks whether storage is encrypted,
#   not whose key encrypts it, and passes such a cluster.
# custom:
#   id: TF-AWS-RDS-001
#   severity: high
#   kind: terraform
#   resource_types: [aws_db_instance, aws_rds_cluster]
#   controls: [CIS-AWS-2.3.1, NIST-800-53:SC-28, SOC2:CC6.1, PCI-DSS:3.5.1]
#   related: [CKV_AWS_16, CKV_AWS_96, AVD-AWS-0080, AVD-AWS-0079]
#   remediation: |
#     Set storage_encrypted = true (and kms_key_id to a customer managed key)
#     on the aws_db_instance or aws_rds_cluster. An existing database must be
#     restored from an encrypted snapshot copy.
#   enforcement: deny
package paved.terraform.aws.rds_storage_encrypted

import data.paved.lib.tf

# Replicas and restores take their encryption from the source, Aurora
# instances from their cluster, serverless v1 clusters are always encrypted:
# those are not judged here.
inherits := {
	"aws_db_instance": ["replicate_source_db", "snapshot_identifier", "restore_to_point_in_time"],
	"aws_rds_cluster": ["replication_source_identifier", "snapshot_identifier", "restore_to_point_in_time"],
}

deny contains tf.result_at(r, "storage_encrypted", msg) if {
	some type, attrs in inherits
	some r in tf.resources(type)
	tf.known_not_true(r, "storage_encrypted")
	every attr in attrs {
		not tf.is_set(r, [attr])
		not tf.is_unknown(r, [attr])
	}
	not encrypted_elsewhere(r)
	msg := sprintf("%s does not encrypt its storage (storage_encrypted is %s)", [r.address, shown(r, "storage_encrypted")])
}

shown(r, attr) := "unset" if {
	not tf.is_set(r, [attr])
} else := sprintf("%v", [r.values[attr]])

str(r, attr) := v if {
	v := r.values[attr]
	is_string(v)
} else := ""

encrypted_elsewhere(r) if {
	r.type == "aws_db_instance"
	startswith(str(r, "engine"), "aurora")
}

encrypted_elsewhere(r) if {
	r.type == "aws_rds_cluster"
	str(r, "engine_mode") == "serverless"
}

encrypted_elsewhere(r) if tf.is_unknown(r, ["engine"])

encrypted_elsewhere(r) if tf.is_unknown(r, ["engine_mode"])
