package paved.terraform.golden.required_providers_test

import data.paved.terraform.golden.required_providers as p

res(module, type) := {
	"address": concat("", [module, type, ".x"]), "base_address": concat("", [module, type, ".x"]), "index": null,
	"type": type, "module": trim_suffix(module, "."), "file": "main.tf", "line": 5, "values": {},
}

tfblock(module, rp) := {"module": module, "file": "versions.tf", "line": 1, "required_version": ">= 1.5", "required_providers": rp, "backend": null}

aws_pinned := {"aws": {"source": "hashicorp/aws", "version": ">= 5.0"}}

deny_for(doc) := d if {
	d := p.deny with input as object.union({"source": "hcl", "resources": {}}, doc)
}

test_root_without_required_providers_denied if {
	some v in deny_for({"resources": {"aws_s3_bucket": [res("", "aws_s3_bucket")]}})
	v.resource == "terraform"
	v.msg == "Root module uses provider aws but declares no required_providers"
	v.location == {"file": "main.tf", "line": 5}
}

test_provider_without_version_denied if {
	doc := {
		"resources": {"aws_s3_bucket": [res("", "aws_s3_bucket")], "random_id": [res("", "random_id")]},
		"terraform_blocks": [tfblock("", object.union(aws_pinned, {"random": {"source": "hashicorp/random", "version": ""}}))],
	}
	some v in deny_for(doc)
	v.msg == "Root module declares provider random without a version constraint"
	v.location == {"file": "versions.tf", "line": 1}
}

test_undeclared_provider_denied if {
	doc := {
		"data": {"google_client_config": [res("", "google_client_config")]},
		"terraform_blocks": [tfblock("", aws_pinned)],
	}
	some v in deny_for(doc)
	v.msg == "Root module does not declare provider google in required_providers"
}

test_provider_block_counts_as_use if {
	doc := {"providers": [{"name": "kubernetes", "alias": "", "module": "", "file": "providers.tf", "line": 9, "config": {}}]}
	some v in deny_for(doc)
	v.location == {"file": "providers.tf", "line": 9}
}

test_constrained_root_passes if {
	doc := {
		"resources": {"aws_s3_bucket": [res("", "aws_s3_bucket")], "terraform_data": [res("", "terraform_data")]},
		"terraform_blocks": [tfblock("", aws_pinned)],
	}
	count(deny_for(doc)) == 0
}

test_legacy_version_string_passes if {
	doc := {
		"resources": {"aws_s3_bucket": [res("", "aws_s3_bucket")]},
		"terraform_blocks": [tfblock("", {"aws": "~> 5.0"})],
	}
	count(deny_for(doc)) == 0
}

test_renamed_local_name_matches_source if {
	doc := {
		"resources": {"aws_s3_bucket": [res("", "aws_s3_bucket")]},
		"terraform_blocks": [tfblock("", {"amazon": {"source": "registry.terraform.io/hashicorp/aws", "version": "~> 5.0"}})],
	}
	count(deny_for(doc)) == 0
}

test_child_covered_by_root_passes if {
	doc := {
		"resources": {"aws_db_instance": [res("module.db.", "aws_db_instance")]},
		"terraform_blocks": [tfblock("", aws_pinned), tfblock("module.db", {"aws": {"source": "hashicorp/aws", "version": ""}})],
	}
	count(deny_for(doc)) == 0
}

test_child_unconstrained_denied if {
	doc := {"resources": {"aws_db_instance": [res("module.db.", "aws_db_instance")]}}
	some v in deny_for(doc)
	v.resource == "module.db.terraform"
	startswith(v.msg, "Module module.db uses provider aws")
}

test_plan_without_blocks_not_judged if {
	count(p.deny) == 0 with input as {"source": "plan", "resources": {"aws_s3_bucket": [res("", "aws_s3_bucket")]}}
}
