package paved.terraform.aws.rds_deletion_protection_test

import data.paved.terraform.aws.rds_deletion_protection

res(type, values) := {"address": sprintf("%s.db", [type]), "base_address": sprintf("%s.db", [type]), "index": null, "type": type, "file": "main.tf", "line": 1, "values": values}

test_unprotected_denied if {
	some v in rds_deletion_protection.deny with input as {"resources": {"aws_db_instance": [res("aws_db_instance", {"engine": "mysql", "deletion_protection": false})]}}
	v.resource == "aws_db_instance.db"
}

test_unset_cluster_denied if {
	count(rds_deletion_protection.deny) == 1 with input as {"resources": {"aws_rds_cluster": [res("aws_rds_cluster", {})]}}
}

test_protected_passes if {
	count(rds_deletion_protection.deny) == 0 with input as {"resources": {
		"aws_db_instance": [res("aws_db_instance", {"deletion_protection": true}), res("aws_db_instance", {"engine": "aurora-mysql"})],
		"aws_rds_cluster": [res("aws_rds_cluster", {"deletion_protection": true})],
	}}
}

test_unknown_not_denied if {
	r := object.union(res("aws_rds_cluster", {}), {"unknown": {"deletion_protection": true}})
	count(rds_deletion_protection.deny) == 0 with input as {"resources": {"aws_rds_cluster": [r]}}
}

# Terraform converts "true" for the boolean attribute.
test_protected_as_string_passes if {
	count(rds_deletion_protection.deny) == 0 with input as {"resources": {"aws_rds_cluster": [res("aws_rds_cluster", {"deletion_protection": "true"})]}}
	count(rds_deletion_protection.deny) == 1 with input as {"resources": {"aws_rds_cluster": [res("aws_rds_cluster", {"deletion_protection": "false"})]}}
}
