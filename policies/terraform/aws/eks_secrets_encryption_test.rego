package paved.terraform.aws.eks_secrets_encryption_test

import data.paved.terraform.aws.eks_secrets_encryption as p

cluster(values, unknown) := {
	"address": "aws_eks_cluster.this", "base_address": "aws_eks_cluster.this", "index": null,
	"type": "aws_eks_cluster", "module": "", "file": "main.tf", "line": 1,
	"values": values, "unknown": unknown,
}

deny_for(c) := d if {
	d := p.deny with input as {"resources": {"aws_eks_cluster": [c]}}
}

test_no_encryption_config_denied if {
	some v in deny_for(cluster({"name": "c"}, {}))
	v.resource == "aws_eks_cluster.this"
}

test_other_resources_only_denied if {
	count(deny_for(cluster({"encryption_config": [{"resources": ["configmaps"]}]}, {}))) == 1
}

test_secrets_encrypted_passes if {
	c := cluster({"encryption_config": [{"resources": ["secrets"], "provider": [{}]}]}, {"encryption_config": [{"provider": [{"key_arn": true}]}]})
	count(deny_for(c)) == 0
}

test_unknown_dynamic_block_not_denied if {
	count(deny_for(cluster({"name": "c"}, {"encryption_config": true}))) == 0
}

test_unknown_resources_not_denied if {
	count(deny_for(cluster({"encryption_config": [{}]}, {"encryption_config": [{"resources": true}]}))) == 0
}

# Trivy AVD-AWS-0039's second bad example: secrets listed, no provider block.
test_secrets_without_key_denied if {
	some v in deny_for(cluster({"encryption_config": [{"resources": ["secrets"]}]}, {}))
	contains(v.msg, "names no KMS key")
	count(deny_for(cluster({"encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": ""}]}]}, {}))) == 1
}

test_secrets_with_key_passes if {
	count(deny_for(cluster({"encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": "arn:aws:kms:eu-west-1:111122223333:key/k"}]}]}, {}))) == 0
	count(deny_for(cluster({"encryption_config": [{"resources": ["secrets"]}]}, {"encryption_config": [{"provider": true}]}))) == 0
}
