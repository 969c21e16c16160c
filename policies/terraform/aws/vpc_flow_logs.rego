# METADATA
# title: Every VPC has flow logs
# description: |
#   VPC flow logs are the only record of which addresses talked to which
#   network interfaces. Without them, a compromise or data exfiltration through
#   the network cannot be traced.
# custom:
#   id: TF-AWS-VPC-101
#   severity: medium
#   kind: terraform
#   resource_types: [aws_vpc]
#   controls: [CIS-AWS-3.9, NIST-800-53:AU-12, NIST-800-53:SI-4, SOC2:CC7.2]
#   related: [CKV2_AWS_11, AVD-AWS-0178]
#   remediation: |
#     Add an aws_flow_log with vpc_id = aws_vpc.<name>.id (traffic_type "ALL" or
#     at least "REJECT") delivering to CloudWatch Logs or S3
#     (terraform-aws-modules/vpc: enable_flow_log = true).
#   enforcement: deny
package paved.terraform.aws.vpc_flow_logs

import data.paved.lib.tf

deny contains tf.result(v, msg) if {
	some v in tf.resources("aws_vpc")
	not tf.attached("aws_flow_log", "vpc_id", v)
	not flow_log_target_unknown
	msg := sprintf("VPC %s has no flow log (no aws_flow_log refers to it through vpc_id)", [v.address])
}

# A flow log whose VPC is not known yet (e.g. var.vpc_id) may be this VPC's.
flow_log_target_unknown if {
	some fl in tf.resources("aws_flow_log")
	tf.is_unknown(fl, ["vpc_id"])
	not refers_to_a_vpc(fl)
}

refers_to_a_vpc(fl) if {
	some v in tf.resources("aws_vpc")
	tf.refers_to(fl, "vpc_id", v)
}
