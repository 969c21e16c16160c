# METADATA
# title: EC2 instances and launch templates require IMDSv2
# description: |
#   With IMDSv1 any SSRF or open proxy on the instance can read the instance
#   role's credentials from the metadata service with one unauthenticated GET.
#   IMDSv2 requires a session token obtained with a PUT, which those requests
#   cannot make. Without metadata_options, http_tokens defaults to "optional"
#   (unless the AMI or the account default, aws_ec2_instance_metadata_defaults
#   in the same configuration, requires tokens).
#
#   Peers: Checkov CKV_AWS_79 and Trivy AVD-AWS-0028/AVD-AWS-0130 do not read
#   the account default, so they fail what it covers; paved passes it. They
#   also fail an instance launched from a launch template without its own
#   metadata_options (Trivy unless it finds the template in the
#   configuration); paved judges the template instead.
# custom:
#   id: TF-AWS-EC2-001
#   severity: high
#   kind: terraform
#   resource_types: [aws_instance, aws_launch_template, aws_launch_configuration]
#   controls: [NIST-800-53:AC-3, NIST-800-53:CM-6, SOC2:CC6.1]
#   related: [CKV_AWS_79, AVD-AWS-0028, AVD-AWS-0130]
#   remediation: |
#     Add metadata_options { http_tokens = "required" } (or http_endpoint =
#     "disabled" when the workload does not use the metadata service). With
#     terraform-aws-modules/ec2-instance, keep the default metadata_options.
#   enforcement: deny
package paved.terraform.aws.ec2_imdsv2

import data.paved.lib.tf

deny contains tf.result(r, sprintf("%s has no metadata_options: IMDSv1 stays available (http_tokens defaults to optional)", [r.address])) if {
	some type in ["aws_instance", "aws_launch_template", "aws_launch_configuration"]
	some r in tf.resources(type)
	count(tf.blocks(r, "metadata_options")) == 0
	not tf.unknown_in_config(r, ["metadata_options"])
	not from_launch_template(r)
	not account_requires_tokens
}

deny contains tf.result_at(r, "metadata_options", msg) if {
	some type in ["aws_instance", "aws_launch_template", "aws_launch_configuration"]
	some r in tf.resources(type)
	some n, mo in tf.blocks(r, "metadata_options")
	u := tf.nested_unknown(object.get(r, "unknown", {}), "metadata_options", n)
	not object.get(mo, "http_endpoint", "") == "disabled"
	not u.http_endpoint == true
	not object.get(mo, "http_tokens", "") == "required"
	not u.http_tokens == true
	not tokens_unset_by_default(mo)
	msg := sprintf("%s allows IMDSv1: metadata_options.http_tokens is %s, not \"required\"", [r.address, tokens(mo)])
}

tokens(mo) := sprintf("%q", [mo.http_tokens]) if {
	is_string(mo.http_tokens)
} else := "unset"

# Left unset, http_tokens follows the account default, when this
# configuration sets it to "required" (or to something not known yet).
tokens_unset_by_default(mo) if {
	object.get(mo, "http_tokens", null) == null
	account_requires_tokens
}

account_requires_tokens if {
	some d in tf.resources("aws_ec2_instance_metadata_defaults")
	d.values.http_tokens == "required"
}

account_requires_tokens if {
	some d in tf.resources("aws_ec2_instance_metadata_defaults")
	tf.is_unknown(d, ["http_tokens"])
}

# An instance launched from a launch template gets its metadata options
# there; the template is judged on its own.
from_launch_template(r) if {
	r.type == "aws_instance"
	count(tf.blocks(r, "launch_template")) > 0
}

from_launch_template(r) if {
	r.type == "aws_instance"
	tf.unknown_in_config(r, ["launch_template"])
}
