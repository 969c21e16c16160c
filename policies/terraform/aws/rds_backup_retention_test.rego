package paved.terraform.aws.rds_backup_retention_test

import data.paved.terraform.aws.rds_backup_retention

db(values) := {"address": "aws_db_instance.db", "base_address": "aws_db_instance.db", "index": null, "type": "aws_db_instance", "file": "main.tf", "line": 1, "values": object.union({"engine": "postgres"}, values)}

cluster(values) := {"address": "aws_rds_cluster.c", "base_address": "aws_rds_cluster.c", "index": null, "type": "aws_rds_cluster", "file": "main.tf", "line": 20, "values": object.union({"engine": "aurora-mysql"}, values)}

test_short_retention_denied if {
	some v in rds_backup_retention.deny with input as {"resources": {"aws_db_instance": [db({"backup_retention_period": 1})]}}
	contains(v.msg, "for 1 day(s), below the 7-day minimum")
}

test_unset_retention_denied if {
	# terraform-aws-modules/rds leaves backup_retention_period null by default
	some v in rds_backup_retention.deny with input as {"resources": {"aws_rds_cluster": [cluster({"backup_retention_period": null})]}}
	contains(v.msg, "unset")
}

test_long_retention_passes if {
	count(rds_backup_retention.deny) == 0 with input as {"resources": {
		"aws_db_instance": [db({"backup_retention_period": 14})],
		"aws_rds_cluster": [cluster({"backup_retention_period": "7"})],
	}}
}

test_parameter_raises_minimum if {
	count(rds_backup_retention.deny) == 1 with input as {"resources": {"aws_db_instance": [db({"backup_retention_period": 14})]}}
		with data.params as {"rds_min_backup_retention": 30}
}

test_replicas_and_unknown_not_denied if {
	count(rds_backup_retention.deny) == 0 with input as {"resources": {
		"aws_db_instance": [
			db({"replicate_source_db": "primary"}),
			db({"engine": "aurora-postgresql"}),
			object.union(db({}), {"unknown": {"backup_retention_period": true}}),
		],
		"aws_rds_cluster": [object.union(cluster({}), {"unknown": {"replication_source_identifier": true}})],
	}}
}

# Terraform reads any decimal string for the number attribute.
test_short_retention_as_decimal_string_denied if {
	count(rds_backup_retention.deny) == 2 with input as {"resources": {"aws_db_instance": [db({"backup_retention_period": "+3"})], "aws_rds_cluster": [cluster({"backup_retention_period": "1e0"})]}}
	count(rds_backup_retention.deny) == 0 with input as {"resources": {"aws_db_instance": [db({"backup_retention_period": "7.0"})]}}
}

# A parameter with surrounding space is still read as a number, not an error.
test_parameter_as_string if {
	count(rds_backup_retention.deny) == 1 with input as {"resources": {"aws_db_instance": [db({"backup_retention_period": 14})]}}
		with data.params as {"rds_min_backup_retention": " 30 "}
}
