package paved.terraform.aws.ecr_immutable_tags_test

import data.paved.terraform.aws.ecr_immutable_tags as p

repo(values, unknown) := {
	"address": "aws_ecr_repository.this", "base_address": "aws_ecr_repository.this", "index": null,
	"type": "aws_ecr_repository", "module": "", "file": "main.tf", "line": 1,
	"values": values, "unknown": unknown,
}

deny_for(r) := d if {
	d := p.deny with input as {"resources": {"aws_ecr_repository": [r]}}
}

test_default_mutable_denied if {
	some v in deny_for(repo({"name": "app"}, {}))
	contains(v.msg, "MUTABLE")
}

test_explicit_mutable_denied if {
	count(deny_for(repo({"image_tag_mutability": "MUTABLE"}, {}))) == 1
}

test_immutable_passes if {
	count(deny_for(repo({"image_tag_mutability": "IMMUTABLE"}, {}))) == 0
	count(deny_for(repo({"image_tag_mutability": "IMMUTABLE_WITH_EXCLUSION"}, {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(repo({"name": "app"}, {"image_tag_mutability": true}))) == 0
}
