package paved.terraform.aws.rds_iam_auth_test

import data.paved.terraform.aws.rds_iam_auth

res(type, values) := {"address": sprintf("%s.db", [type]), "base_address": sprintf("%s.db", [type]), "index": null, "type": type, "file": "main.tf", "line": 1, "values": values}

test_postgres_without_iam_auth_denied if {
	some v in rds_iam_auth.deny with input as {"resources": {"aws_db_instance": [res("aws_db_instance", {"engine": "postgres", "iam_database_authentication_enabled": false})]}}
	contains(v.msg, "(postgres)")
}

test_default_aurora_cluster_denied if {
	some v in rds_iam_auth.deny with input as {"resources": {"aws_rds_cluster": [res("aws_rds_cluster", {})]}}
	contains(v.msg, "(aurora)")
}

test_enabled_or_unsupported_passes if {
	count(rds_iam_auth.deny) == 0 with input as {"resources": {"aws_db_instance": [
		res("aws_db_instance", {"engine": "mysql", "iam_database_authentication_enabled": true}),
		res("aws_db_instance", {"engine": "sqlserver-se"}),
		res("aws_db_instance", {"engine": null, "replicate_source_db": "primary"}),
	]}}
}

test_unknown_not_denied if {
	unknown_flag := object.union(res("aws_db_instance", {"engine": "postgres"}), {"unknown": {"iam_database_authentication_enabled": true}})
	unknown_engine := object.union(res("aws_rds_cluster", {}), {"unknown": {"engine": true}})
	count(rds_iam_auth.deny) == 0 with input as {"resources": {"aws_db_instance": [unknown_flag], "aws_rds_cluster": [unknown_engine]}}
}

# Terraform converts "true" for the boolean attribute.
test_enabled_as_string_passes if {
	count(rds_iam_auth.deny) == 0 with input as {"resources": {"aws_db_instance": [res("aws_db_instance", {"engine": "mysql", "iam_database_authentication_enabled": "true"})]}}
	count(rds_iam_auth.deny) == 1 with input as {"resources": {"aws_db_instance": [res("aws_db_instance", {"engine": "mysql", "iam_database_authentication_enabled": "false"})]}}
}
