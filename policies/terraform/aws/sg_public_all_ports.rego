# METADATA
# title: Security groups do not open every port to the Internet
# description: |
#   An ingress rule from 0.0.0.0/0 or ::/0 (any /0: AWS masks 10.0.0.0/0 to the same) for all protocols, or for every
#   TCP or UDP port, exposes every service of the instances behind it,
#   including administration and database ports, to the whole Internet.
#
#   A tcp or udp rule from port -1 to port -1 counts as every port: -1 is
#   the ICMP wildcard, and on tcp or udp it cannot name one port.
#
#   Peers: Checkov CKV_AWS_277 asks the same, -1 to -1 included. Trivy
#   AVD-AWS-0107 fails ingress from the Internet to any port, even a single
#   one such as 443.
# custom:
#   id: TF-AWS-VPC-003
#   severity: critical
#   kind: terraform
#   resource_types: [aws_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule]
#   controls: [CIS-AWS-5.2, CIS-AWS-5.3, NIST-800-53:SC-7, NIST-800-53:AC-4, SOC2:CC6.6, PCI-DSS:1.3.1]
#   related: [CKV_AWS_277]
#   see_also: [AVD-AWS-0107]
#   remediation: |
#     Open only the ports the service needs (from_port/to_port), for protocol
#     tcp or udp rather than "-1", and restrict the source ranges where you
#     can; put public services behind a load balancer.
#   enforcement: deny
package paved.terraform.aws.sg_public_all_ports

import data.paved.lib.tf
import data.paved.lib.tf.sg

deny contains tf.result_at(rule.resource, rule.attr, msg) if {
	some rule in sg.sg_ingress_rules
	every_port(rule)
	some cidr in rule.cidrs
	sg.sg_public_cidr(cidr)
	msg := sprintf("%s allows ingress from %s on %s", [rule.resource.address, cidr, ports(rule)])
}

every_port(rule) if rule.protocol == "all"

every_port(rule) if {
	rule.protocol in {"tcp", "udp"}
	rule.from <= 1
	rule.to >= 65535
}

every_port(rule) if {
	rule.protocol in {"tcp", "udp"}
	rule.from == -1
	rule.to == -1
}

ports(rule) := "all protocols and ports" if rule.protocol == "all"

ports(rule) := sprintf("every %s port", [rule.protocol]) if rule.protocol != "all"
