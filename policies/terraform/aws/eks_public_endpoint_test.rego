package paved.terraform.aws.eks_public_endpoint_test

import data.paved.terraform.aws.eks_public_endpoint as p

cluster(vpc, unknown) := {
	"address": "aws_eks_cluster.this[0]", "base_address": "aws_eks_cluster.this", "index": 0,
	"type": "aws_eks_cluster", "module": "", "file": "main.tf", "line": 36,
	"values": {"name": "c", "vpc_config": [vpc]}, "unknown": unknown,
}

deny_for(c) := d if {
	d := p.deny with input as {"resources": {"aws_eks_cluster": [c]}}
}

test_default_endpoint_denied if {
	some v in deny_for(cluster({"subnet_ids": ["a"]}, {}))
	v.resource == "aws_eks_cluster.this[0]"
	contains(v.msg, "unset")
}

test_open_cidr_denied if {
	some v in deny_for(cluster({"endpoint_public_access": true, "public_access_cidrs": ["10.0.0.0/8", "0.0.0.0/0"]}, {}))
	contains(v.msg, "0.0.0.0/0")
}

test_empty_cidrs_denied if {
	count(deny_for(cluster({"endpoint_public_access": true, "public_access_cidrs": []}, {}))) == 1
}

test_private_endpoint_passes if {
	count(deny_for(cluster({"endpoint_public_access": false, "endpoint_private_access": true}, {}))) == 0
}

test_restricted_cidrs_pass if {
	count(deny_for(cluster({"endpoint_public_access": true, "public_access_cidrs": ["203.0.113.0/24"]}, {}))) == 0
}

test_unknown_public_access_not_denied if {
	count(deny_for(cluster({}, {"vpc_config": [{"endpoint_public_access": true}]}))) == 0
}

test_unknown_cidrs_not_denied if {
	count(deny_for(cluster({"endpoint_public_access": true}, {"vpc_config": [{"public_access_cidrs": true}]}))) == 0
}

test_unknown_block_not_denied if {
	c := object.union(cluster({}, {"vpc_config": true}), {"values": {"name": "c"}})
	count(deny_for(c)) == 0
}

# Terraform converts "false" for the boolean attribute.
test_private_endpoint_as_string_passes if {
	count(deny_for(cluster({"endpoint_public_access": "false"}, {}))) == 0
	count(deny_for(cluster({"endpoint_public_access": "true"}, {}))) == 1
}
