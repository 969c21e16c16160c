package paved.terraform.golden.remote_backend_test

import data.paved.terraform.golden.remote_backend as p

aws := {"name": "aws", "alias": "", "module": "", "file": "main.tf", "line": 1, "config": {"region": "eu-west-1"}}

tfblock(backend) := {"module": "", "file": "versions.tf", "line": 1, "required_version": "", "required_providers": {}, "backend": backend}

deny_for(doc) := d if {
	d := p.deny with input as object.union({"path": "live/prod", "source": "hcl", "resources": {}}, doc)
}

test_no_backend_denied if {
	some v in deny_for({"providers": [aws], "terraform_blocks": [tfblock(null)]})
	v.resource == "live/prod"
	v.location == {"file": "versions.tf", "line": 1}
	some w in deny_for({"providers": [aws]})
	not w.location
}

test_local_backend_denied if {
	some v in deny_for({"terraform_blocks": [tfblock({"type": "local", "config": {"path": "x.tfstate"}, "line": 3})]})
	v.msg == "Root module keeps its state in the local backend"
	v.location == {"file": "versions.tf", "line": 3}
}

test_unencrypted_s3_backend_denied if {
	some v in deny_for({"terraform_blocks": [tfblock({"type": "s3", "config": {"bucket": "state", "key": "k"}, "line": 3})]})
	contains(v.msg, "bucket state")
	count(deny_for({"terraform_blocks": [tfblock({"type": "s3", "config": {"bucket": "state", "encrypt": false}, "line": 3})]})) == 1
}

test_remote_backends_pass if {
	count(deny_for({"terraform_blocks": [tfblock({"type": "s3", "config": {"bucket": "state", "encrypt": true}, "line": 3})]})) == 0
	count(deny_for({"terraform_blocks": [tfblock({"type": "s3", "config": {"bucket": "state", "encrypt": "true"}, "line": 3})]})) == 0
	count(deny_for({"terraform_blocks": [tfblock({"type": "gcs", "config": {"bucket": "state"}, "line": 3})]})) == 0
	count(deny_for({"terraform_blocks": [tfblock({"type": "azurerm", "config": {}, "line": 3})]})) == 0
	count(deny_for({"terraform_blocks": [tfblock({"type": "cloud", "config": {}, "line": 3})]})) == 0
}

test_partial_s3_configuration_not_denied if {
	count(deny_for({"terraform_blocks": [tfblock({"type": "s3", "config": {}, "line": 3})]})) == 0
}

test_reusable_module_and_plan_not_judged if {
	count(deny_for({"terraform_blocks": [tfblock(null)]})) == 0
	count(deny_for({"source": "plan", "providers": [aws]})) == 0
}

# Terraform converts "1" and "0" for the backend's boolean encrypt too.
test_encrypt_as_digit if {
	count(deny_for({"terraform_blocks": [tfblock({"type": "s3", "config": {"bucket": "state", "encrypt": "1"}, "line": 3})]})) == 0
	count(deny_for({"terraform_blocks": [tfblock({"type": "s3", "config": {"bucket": "state", "encrypt": "0"}, "line": 3})]})) == 1
}
