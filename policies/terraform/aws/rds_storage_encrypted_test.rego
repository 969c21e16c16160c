package paved.terraform.aws.rds_storage_encrypted_test

import data.paved.terraform.aws.rds_storage_encrypted

db(values) := {"address": "aws_db_instance.db", "base_address": "aws_db_instance.db", "index": null, "type": "aws_db_instance", "file": "main.tf", "line": 1, "values": object.union({"engine": "postgres"}, values)}

cluster(values) := {"address": "aws_rds_cluster.c", "base_address": "aws_rds_cluster.c", "index": null, "type": "aws_rds_cluster", "file": "main.tf", "line": 20, "values": object.union({"engine": "aurora-postgresql"}, values)}

test_unencrypted_instance_denied if {
	some v in rds_storage_encrypted.deny with input as {"resources": {"aws_db_instance": [db({"storage_encrypted": false})]}}
	v.resource == "aws_db_instance.db"
	contains(v.msg, "storage_encrypted is false")
}

test_unset_cluster_denied if {
	some v in rds_storage_encrypted.deny with input as {"resources": {"aws_rds_cluster": [cluster({})]}}
	contains(v.msg, "storage_encrypted is unset")
}

test_encrypted_passes if {
	count(rds_storage_encrypted.deny) == 0 with input as {"resources": {
		"aws_db_instance": [db({"storage_encrypted": true})],
		"aws_rds_cluster": [cluster({"storage_encrypted": true})],
	}}
}

test_inherited_encryption_not_judged if {
	count(rds_storage_encrypted.deny) == 0 with input as {"resources": {
		"aws_db_instance": [db({"replicate_source_db": "primary"}), db({"engine": "aurora-mysql"}), db({"engine": null, "snapshot_identifier": "s"})],
		"aws_rds_cluster": [cluster({"engine_mode": "serverless"}), cluster({"snapshot_identifier": "snap"})],
	}}
}

test_unknown_not_denied if {
	# terraform-aws-modules/rds: storage_encrypted = var.storage_encrypted
	unknown_flag := object.union(db({}), {"unknown": {"storage_encrypted": true}})
	unknown_source := object.union(db({}), {"unknown": {"replicate_source_db": true}})
	unknown_engine := object.union(cluster({}), {"values": {"engine": null}, "unknown": {"engine": true}})
	count(rds_storage_encrypted.deny) == 0 with input as {"resources": {
		"aws_db_instance": [unknown_flag, unknown_source],
		"aws_rds_cluster": [unknown_engine],
	}}
}

# Terraform converts "true" for the boolean attribute.
test_encrypted_as_string_passes if {
	count(rds_storage_encrypted.deny) == 0 with input as {"resources": {"aws_db_instance": [db({"storage_encrypted": "true"})]}}
	some v in rds_storage_encrypted.deny with input as {"resources": {"aws_db_instance": [db({"storage_encrypted": "false"})]}}
	contains(v.msg, "storage_encrypted is false")
}
