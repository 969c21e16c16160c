# METADATA
# title: EKS cluster API endpoints are not open to the internet
# description: |
#   An EKS cluster's public API endpoint is on by default and, unless
#   public_access_cidrs says otherwise, reachable from 0.0.0.0/0: anyone on the
#   internet can probe the Kubernetes API server and try leaked credentials.
#
#   Peers: Checkov CKV_AWS_38 judges the same way, though it looks only for
#   0.0.0.0/0 (paved also for ::/0). Trivy AVD-AWS-0041 fails
#   every public CIDR in public_access_cidrs; paved, like Checkov, accepts a
#   public endpoint limited to named ranges, the remediation below.
# custom:
#   id: TF-AWS-EKS-001
#   severity: high
#   kind: terraform
#   resource_types: [aws_eks_cluster]
#   controls: [CIS-EKS-5.4.2, NIST-800-53:SC-7, NIST-800-53:AC-17, SOC2:CC6.6]
#   related: [CKV_AWS_38, AVD-AWS-0041]
#   remediation: |
#     In vpc_config, set endpoint_private_access = true and
#     endpoint_public_access = false, or keep the public endpoint and list only
#     the CIDRs that need it in public_access_cidrs (never 0.0.0.0/0; an unset
#     or empty list means 0.0.0.0/0).
#   enforcement: deny
package paved.terraform.aws.eks_public_endpoint

import data.paved.lib.tf

deny contains tf.result_at(c, "vpc_config", msg) if {
	some c in tf.resources("aws_eks_cluster")
	public_endpoint(c)
	open := open_cidrs(c)
	count(open) > 0
	msg := sprintf("EKS cluster %s exposes its public API endpoint to %s", [c.address, concat(", ", open)])
}

# endpoint_public_access defaults to true.
public_endpoint(c) if {
	not tf.is_unknown(c, ["vpc_config", 0, "endpoint_public_access"])
	not tf.is_false_value(tf.value(c, ["vpc_config", 0, "endpoint_public_access"], null))
}

# public_access_cidrs defaults to ["0.0.0.0/0"]; an empty list means the same.
open_cidrs(c) := ["0.0.0.0/0 (public_access_cidrs unset)"] if {
	not tf.is_unknown(c, ["vpc_config", 0, "public_access_cidrs"])
	no_cidrs(tf.value(c, ["vpc_config", 0, "public_access_cidrs"], null))
} else := sort([x | some x in c.values.vpc_config[0].public_access_cidrs; tf.whole_internet(x)])

no_cidrs(x) if x == null

no_cidrs(x) if {
	is_array(x)
	count(x) == 0
}
