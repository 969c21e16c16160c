package paved.terraform.golden.required_tags_test

import data.paved.terraform.golden.required_tags as p

bucket(module, values, unknown) := {
	"address": concat("", [module, "aws_s3_bucket.b"]), "base_address": "aws_s3_bucket.b", "index": null,
	"type": "aws_s3_bucket", "module": trim_suffix(module, "."), "file": "main.tf", "line": 1,
	"values": values, "unknown": unknown,
}

provider(module, config) := {"name": "aws", "alias": "", "module": module, "file": "providers.tf", "line": 1, "config": config}

deny_for(resources, providers) := d if {
	d := p.deny with input as {"resources": resources, "providers": providers}
}

test_untagged_denied if {
	some v in deny_for({"aws_s3_bucket": [bucket("", {"bucket": "b"}, {})]}, [])
	v.msg == "aws_s3_bucket.b lacks required tags: cost-center, owner"
}

test_partly_tagged_denied if {
	some v in deny_for({"aws_s3_bucket": [bucket("", {"tags": {"owner": "team-a", "cost-center": ""}}, {})]}, [])
	endswith(v.msg, "required tags: cost-center")
}

test_resource_tags_pass if {
	count(deny_for({"aws_s3_bucket": [bucket("", {"tags": {"owner": "team-a", "cost-center": "42"}}, {})]}, [])) == 0
}

test_plan_tags_all_pass if {
	count(deny_for({"aws_s3_bucket": [bucket("", {"tags_all": {"owner": "team-a", "cost-center": "42"}}, {})]}, [])) == 0
}

test_default_tags_of_ancestor_provider_pass if {
	root := provider("", {"region": "eu-west-1", "default_tags": [{"tags": {"owner": "team-a"}}]})
	child := provider("module.data", {"default_tags": [{"tags": {"cost-center": "42"}}]})
	count(deny_for({"aws_s3_bucket": [bucket("module.data.", {"tags": {"Name": "b"}}, {})]}, [root, child])) == 0
}

test_provider_of_other_module_does_not_count if {
	other := provider("module.other", {"default_tags": [{"tags": {"owner": "x", "cost-center": "1"}}]})
	count(deny_for({"aws_s3_bucket": [bucket("module.data.", {}, {})]}, [other])) == 1
}

test_parameter_sets_required_tags if {
	b := bucket("", {"tags": {"owner": "team-a", "cost-center": "42"}}, {})
	some v in p.deny with input as {"resources": {"aws_s3_bucket": [b]}} with data.params.required_tags as ["owner", "env"]
	endswith(v.msg, "required tags: env")
}

test_unknown_tags_not_denied if {
	count(deny_for({"aws_s3_bucket": [bucket("", {}, {"tags": true})]}, [])) == 0
	count(deny_for({"aws_s3_bucket": [bucket("", {"tags": {"owner": "a"}}, {"tags": {"cost-center": true}})]}, [])) == 0
	unknown_defaults := provider("", {"default_tags": [{}]})
	count(deny_for({"aws_s3_bucket": [bucket("", {}, {})]}, [unknown_defaults])) == 0
}
