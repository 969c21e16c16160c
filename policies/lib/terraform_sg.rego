# METADATA
# title: Terraform security-group helpers
# description: |
#   Helpers over AWS security group ingress rules, for the policies under
#   policies/terraform (see terraform.rego for the core).
package paved.lib.tf.sg

import data.paved.lib.tf

# sg_ingress_rules is every ingress rule of the configuration, normalized:
#   {"resource": the Resource, "attr": where to point, "protocol": "tcp" |
#    "udp" | "icmp" | "all" | other, "from", "to" (numbers as Terraform reads
#    them, "22" too; absent when unknown), "cidrs": the known IPv4 and IPv6
#    source CIDRs}
# from aws_security_group ingress blocks, aws_security_group_rule of type
# ingress and aws_vpc_security_group_ingress_rule. Rules whose protocol is
# unknown are left out.
sg_ingress_rules contains rule if {
	some r in tf.resources("aws_security_group")
	some i, blk in tf.blocks(r, "ingress")
	is_object(blk)
	u := tf.nested_unknown(object.get(r, "unknown", {}), "ingress", i)
	not object.get(u, "protocol", false) == true
	rule := object.union(
		sg_ports(blk, u, "from_port", "to_port"),
		{
			"resource": r, "attr": "ingress",
			"protocol": sg_protocol(object.get(blk, "protocol", "")),
			"cidrs": sg_cidrs([object.get(blk, "cidr_blocks", null), object.get(blk, "ipv6_cidr_blocks", null)]),
		},
	)
}

sg_ingress_rules contains rule if {
	some r in tf.resources("aws_security_group_rule")
	r.values.type == "ingress"
	not tf.is_unknown(r, ["protocol"])
	rule := object.union(
		sg_ports(r.values, object.get(r, "unknown", {}), "from_port", "to_port"),
		{
			"resource": r, "attr": "cidr_blocks",
			"protocol": sg_protocol(object.get(r.values, "protocol", "")),
			"cidrs": sg_cidrs([object.get(r.values, "cidr_blocks", null), object.get(r.values, "ipv6_cidr_blocks", null)]),
		},
	)
}

sg_ingress_rules contains rule if {
	some r in tf.resources("aws_vpc_security_group_ingress_rule")
	not tf.is_unknown(r, ["ip_protocol"])
	rule := object.union(
		sg_ports(r.values, object.get(r, "unknown", {}), "from_port", "to_port"),
		{
			"resource": r, "attr": sg_rule_cidr_attr(r),
			"protocol": sg_protocol(object.get(r.values, "ip_protocol", "")),
			"cidrs": sg_cidrs([object.get(r.values, "cidr_ipv4", null), object.get(r.values, "cidr_ipv6", null)]),
		},
	)
}

sg_rule_cidr_attr(r) := "cidr_ipv6" if {
	not r.values.cidr_ipv4
	r.values.cidr_ipv6
} else := "cidr_ipv4"

sg_ports(obj, u, from_attr, to_attr) := object.union(
	{"from": n | n := tf.number(object.get(obj, from_attr, 0)); not object.get(u, from_attr, false) == true},
	{"to": n | n := tf.number(object.get(obj, to_attr, 0)); not object.get(u, to_attr, false) == true},
)

sg_protocol(p) := "all" if {
	lower(sprintf("%v", [p])) in {"-1", "all"}
} else := "tcp" if {
	lower(sprintf("%v", [p])) in {"tcp", "6"}
} else := "udp" if {
	lower(sprintf("%v", [p])) in {"udp", "17"}
} else := lower(sprintf("%v", [p]))

sg_cidrs(lists) := [c | some l in lists; some c in tf.as_list(l); is_string(c)]

# sg_public_cidr(c) holds for a CIDR that means "the whole Internet".
sg_public_cidr(c) if tf.whole_internet(c)

# sg_opens_port(rule, port, protocols) holds when rule lets port in for one
# of protocols (a set of "tcp", "udp"): every port for protocol "all", else
# from <= port <= to, both known.
sg_opens_port(rule, _, _) if rule.protocol == "all"

sg_opens_port(rule, port, protocols) if {
	rule.protocol in protocols
	rule.from <= port
	port <= rule.to
}
