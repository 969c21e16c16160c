package paved.terraform.aws.rds_public_access_test

import data.paved.terraform.aws.rds_public_access

res(type, values) := {"address": sprintf("%s.db", [type]), "base_address": sprintf("%s.db", [type]), "index": null, "type": type, "file": "main.tf", "line": 1, "values": values, "lines": {"publicly_accessible": 7}}

test_public_instance_denied if {
	some v in rds_public_access.deny with input as {"resources": {"aws_db_instance": [res("aws_db_instance", {"publicly_accessible": true})]}}
	v.resource == "aws_db_instance.db"
	v.location.line == 7
}

test_public_cluster_instance_denied if {
	count(rds_public_access.deny) == 1 with input as {"resources": {"aws_rds_cluster_instance": [res("aws_rds_cluster_instance", {"publicly_accessible": true})]}}
}

test_private_or_default_passes if {
	count(rds_public_access.deny) == 0 with input as {"resources": {
		"aws_db_instance": [res("aws_db_instance", {"publicly_accessible": false})],
		"aws_rds_cluster": [res("aws_rds_cluster", {})],
	}}
}

test_unknown_not_denied if {
	r := object.union(res("aws_db_instance", {}), {"unknown": {"publicly_accessible": true}})
	count(rds_public_access.deny) == 0 with input as {"resources": {"aws_db_instance": [r]}}
}

# Terraform converts "true" (and "1") for the boolean attribute: as public as true.
test_public_as_string_denied if {
	count(rds_public_access.deny) == 1 with input as {"resources": {"aws_db_instance": [res("aws_db_instance", {"publicly_accessible": "true"})]}}
	count(rds_public_access.deny) == 1 with input as {"resources": {"aws_rds_cluster_instance": [res("aws_rds_cluster_instance", {"publicly_accessible": "1"})]}}
	count(rds_public_access.deny) == 0 with input as {"resources": {"aws_db_instance": [res("aws_db_instance", {"publicly_accessible": "false"})]}}
}
