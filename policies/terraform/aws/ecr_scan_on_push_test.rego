package paved.terraform.aws.ecr_scan_on_push_test

import data.paved.terraform.aws.ecr_scan_on_push as p

repo(values, unknown) := {
	"address": "aws_ecr_repository.this", "base_address": "aws_ecr_repository.this", "index": null,
	"type": "aws_ecr_repository", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "prod-api"}, values), "unknown": unknown,
}

registry(rules, unknown) := {
	"address": "aws_ecr_registry_scanning_configuration.this", "base_address": "aws_ecr_registry_scanning_configuration.this",
	"index": null, "type": "aws_ecr_registry_scanning_configuration", "file": "main.tf", "line": 20,
	"values": {"scan_type": "ENHANCED", "rule": rules}, "unknown": unknown,
}

deny_for(resources) := d if {
	d := p.deny with input as {"resources": resources}
}

test_no_scanning_denied if {
	some v in deny_for({"aws_ecr_repository": [repo({}, {})]})
	v.resource == "aws_ecr_repository.this"
}

test_scan_disabled_denied if {
	count(deny_for({"aws_ecr_repository": [repo({"image_scanning_configuration": [{"scan_on_push": false}]}, {})]})) == 1
}

test_scan_on_push_passes if {
	count(deny_for({"aws_ecr_repository": [repo({"image_scanning_configuration": [{"scan_on_push": true}]}, {})]})) == 0
}

test_registry_wildcard_rule_passes if {
	rules := [{"scan_frequency": "CONTINUOUS_SCAN", "repository_filter": [{"filter": "*", "filter_type": "WILDCARD"}]}]
	count(deny_for({"aws_ecr_repository": [repo({}, {})], "aws_ecr_registry_scanning_configuration": [registry(rules, {})]})) == 0
}

test_registry_prefix_rule_passes if {
	rules := [{"scan_frequency": "SCAN_ON_PUSH", "repository_filter": [{"filter": "prod-*", "filter_type": "WILDCARD"}]}]
	count(deny_for({"aws_ecr_repository": [repo({}, {})], "aws_ecr_registry_scanning_configuration": [registry(rules, {})]})) == 0
}

test_registry_rule_for_other_repos_denied if {
	rules := [{"scan_frequency": "SCAN_ON_PUSH", "repository_filter": [{"filter": "dev-*", "filter_type": "WILDCARD"}]}]
	count(deny_for({"aws_ecr_repository": [repo({}, {})], "aws_ecr_registry_scanning_configuration": [registry(rules, {})]})) == 1
}

test_unknown_repo_setting_not_denied if {
	count(deny_for({"aws_ecr_repository": [repo({}, {"image_scanning_configuration": [{"scan_on_push": true}]})]})) == 0
}

test_unknown_registry_rules_not_denied if {
	count(deny_for({"aws_ecr_repository": [repo({}, {})], "aws_ecr_registry_scanning_configuration": [registry([], {"rule": true})]})) == 0
	rules := [{"scan_frequency": "SCAN_ON_PUSH"}]
	count(deny_for({"aws_ecr_repository": [repo({}, {})], "aws_ecr_registry_scanning_configuration": [registry(rules, {"rule": [{"repository_filter": true}]})]})) == 0
}

test_unknown_repo_name_matches_registry_rule if {
	rules := [{"scan_frequency": "SCAN_ON_PUSH", "repository_filter": [{"filter": "prod-*", "filter_type": "WILDCARD"}]}]
	r := {"address": "aws_ecr_repository.x", "base_address": "aws_ecr_repository.x", "index": null, "file": "main.tf", "line": 1, "values": {}, "unknown": {"name": true}}
	count(deny_for({"aws_ecr_repository": [r], "aws_ecr_registry_scanning_configuration": [registry(rules, {})]})) == 0
}

# Terraform converts "true" for the boolean attribute.
test_scan_on_push_as_string_passes if {
	count(deny_for({"aws_ecr_repository": [repo({"image_scanning_configuration": [{"scan_on_push": "true"}]}, {})]})) == 0
	count(deny_for({"aws_ecr_repository": [repo({"image_scanning_configuration": [{"scan_on_push": "false"}]}, {})]})) == 1
}
