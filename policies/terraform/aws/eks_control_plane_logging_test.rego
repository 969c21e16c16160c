package paved.terraform.aws.eks_control_plane_logging_test

import data.paved.terraform.aws.eks_control_plane_logging as p

cluster(values, unknown) := {
	"address": "aws_eks_cluster.this", "base_address": "aws_eks_cluster.this", "index": null,
	"type": "aws_eks_cluster", "module": "", "file": "main.tf", "line": 1,
	"values": values, "unknown": unknown,
}

deny_for(c) := d if {
	d := p.deny with input as {"resources": {"aws_eks_cluster": [c]}}
}

test_no_logging_denied if {
	some v in deny_for(cluster({"name": "c"}, {}))
	v.msg == "EKS cluster aws_eks_cluster.this does not log control plane events of type api, audit, authenticator"
}

test_partial_logging_denied if {
	some v in deny_for(cluster({"enabled_cluster_log_types": ["api"]}, {}))
	contains(v.msg, "audit, authenticator")
}

test_module_default_passes if {
	count(deny_for(cluster({"enabled_cluster_log_types": ["audit", "api", "authenticator"]}, {}))) == 0
}

test_parameter_raises_bar if {
	c := cluster({"enabled_cluster_log_types": ["audit", "api", "authenticator"]}, {})
	count(p.deny) == 1 with input as {"resources": {"aws_eks_cluster": [c]}}
		with data.params.eks_log_types as ["api", "audit", "authenticator", "scheduler"]
}

test_unknown_not_denied if {
	count(deny_for(cluster({"name": "c"}, {"enabled_cluster_log_types": true}))) == 0
}

test_list_with_unknown_element_not_denied if {
	# The unknown element may be a required type: null in values, true in the mirror.
	count(deny_for(cluster({"enabled_cluster_log_types": [null, "api"]}, {"enabled_cluster_log_types": [true, false]}))) == 0
}
