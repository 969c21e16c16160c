# METADATA
# title: Security groups do not open RDP (port 3389) to the Internet
# description: |
#   An ingress rule from 0.0.0.0/0 or ::/0 (any /0: AWS masks 10.0.0.0/0 to the same) to port 3389 exposes RDP to
#   every scanner and brute-force botnet on the Internet. Reach instances
#   through SSM Session Manager, a VPN or a bastion restricted to known ranges.
#
#   Peers: Checkov CKV_AWS_25 asks the same. Its security-group logic is
#   CKV_AWS_24's, so paved differs from it where TF-AWS-VPC-001 says: a
#   rule with self = true and 0.0.0.0/0 fails, a tcp rule from port 0 to
#   port 0 and a rule with no source pass. Trivy AVD-AWS-0107 fails
#   ingress from the Internet to any port and protocol, not only RDP.
# custom:
#   id: TF-AWS-VPC-002
#   severity: critical
#   kind: terraform
#   resource_types: [aws_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule]
#   controls: [CIS-AWS-5.2, CIS-AWS-5.3, NIST-800-53:SC-7, NIST-800-53:AC-17, SOC2:CC6.6, PCI-DSS:1.3.1]
#   related: [CKV_AWS_25]
#   see_also: [AVD-AWS-0107]
#   remediation: |
#     Restrict the rule's cidr_blocks / ipv6_cidr_blocks (cidr_ipv4 / cidr_ipv6
#     on aws_vpc_security_group_ingress_rule) to the ranges that need RDP, or
#     remove the rule and use SSM Session Manager. With
#     terraform-aws-modules/security-group, do not combine ingress_cidr_blocks
#     = ["0.0.0.0/0"] with a rule covering port 3389.
#   enforcement: deny
package paved.terraform.aws.sg_public_rdp

import data.paved.lib.tf
import data.paved.lib.tf.sg

deny contains tf.result_at(rule.resource, rule.attr, msg) if {
	some rule in sg.sg_ingress_rules
	sg.sg_opens_port(rule, 3389, {"tcp", "udp"})
	some cidr in rule.cidrs
	sg.sg_public_cidr(cidr)
	msg := sprintf("%s allows ingress from %s to RDP (port 3389)", [rule.resource.address, cidr])
}
