# METADATA
# title: EC2 instances do not get a public IP address
# description: |
#   An instance with a public IP address is reachable from the Internet as
#   soon as a security group rule allows it, and bypasses the load balancers,
#   WAF and NAT egress controls in front of private instances.
#
#   Peers: Checkov CKV_AWS_88 judges instances and launch templates (their
#   first network interface), Trivy AVD-AWS-0009 launch configurations only;
#   paved judges all three, and every network interface of a template.
# custom:
#   id: TF-AWS-EC2-002
#   severity: medium
#   kind: terraform
#   resource_types: [aws_instance, aws_launch_template, aws_launch_configuration]
#   controls: [NIST-800-53:SC-7, NIST-800-53:AC-4, SOC2:CC6.6, PCI-DSS:1.4.4]
#   related: [CKV_AWS_88, AVD-AWS-0009]
#   remediation: |
#     Set associate_public_ip_address = false (or remove it) on the
#     aws_instance, the launch template's network_interfaces or the launch
#     configuration, launch into private subnets, and publish services
#     through a load balancer. Reach instances with SSM Session Manager.
#   enforcement: deny
package paved.terraform.aws.ec2_public_ip

import data.paved.lib.tf

deny contains tf.result_at(r, "associate_public_ip_address", sprintf("%s associates a public IP address", [r.address])) if {
	some type in ["aws_instance", "aws_launch_configuration"]
	some r in tf.resources(type)
	tf.is_true_value(r.values.associate_public_ip_address)
}

deny contains tf.result_at(r, "network_interfaces", msg) if {
	some r in tf.resources("aws_launch_template")
	some n, ni in tf.blocks(r, "network_interfaces")
	nullable_true(ni.associate_public_ip_address)
	msg := sprintf("%s associates a public IP address (network_interfaces[%d])", [r.address, n])
}

# The launch template attribute is a string (true written in HCL arrives as
# "true") that the AWS provider parses with Go's strconv.ParseBool, so "t",
# "TRUE" and "True" are true there as well; the others are booleans.
nullable_true(v) if tf.is_true_value(v)

nullable_true(v) if v in {"t", "T", "TRUE", "True"}
