# METADATA
# title: VPC firewall rules do not open admin ports or all ports to the internet
# description: |
#   An ingress rule from 0.0.0.0/0 (or ::/0) that allows SSH, RDP, every port
#   of a protocol, or every protocol exposes the targeted instances to
#   brute-force and exploit attempts from the whole internet. An ingress rule
#   with no source at all applies to 0.0.0.0/0 too. source_tags and
#   target_tags do not narrow source_ranges: Google Cloud admits traffic
#   that matches the ranges or the tags.
#
#   Peers: Checkov CKV_GCP_2 and Trivy AVD-GCP-0071 ask this of SSH,
#   Checkov CKV_GCP_3 and Trivy AVD-GCP-0070 of RDP; this policy asks both
#   at once, and also fails rules that open every port of a protocol or
#   every protocol, so it fails rules those checks pass: one that opens
#   only the other admin port, and an allow block without ports (Checkov
#   passes it). Trivy AVD-GCP-0070 passes a rule from 0.0.0.0/0 whose
#   firewall also has source or target tags, and udp 3389; paved fails
#   both, since the range still applies and RDP also listens on UDP.
#   Trivy AVD-GCP-0027 fails any ingress from the internet, even to one
#   port or for ICMP, so it is listed under see_also.
# custom:
#   id: TF-GCP-FW-001
#   severity: high
#   kind: terraform
#   resource_types: [google_compute_firewall]
#   controls: [CIS-GCP-3.6, CIS-GCP-3.7, NIST-800-53:SC-7, NIST-800-53:AC-17, SOC2:CC6.6]
#   related: [CKV_GCP_2, CKV_GCP_3, AVD-GCP-0070, AVD-GCP-0071]
#   see_also: [AVD-GCP-0027]
#   remediation: |
#     Limit source_ranges to known ranges (35.235.240.0/20 for IAP TCP
#     forwarding), list explicit ports in each allow block, or disable the
#     rule. The admin ports judged are the admin_ports parameter (default
#     [22, 3389]).
#   enforcement: deny
package paved.terraform.gcp.firewall_public_ingress

import data.paved.lib.tf

admin_ports := tf.params("admin_ports", [22, 3389])


portless := {"icmp", "1", "ipv6-icmp", "58", "esp", "50", "ah", "51", "ipip", "4"}

deny contains tf.result_at(fw, "allow", msg) if {
	some fw in tf.resources("google_compute_firewall")
	ingress(fw)
	not tf.is_unknown(fw, ["disabled"])
	not tf.is_true(fw, "disabled")
	sources := public_sources(fw)
	count(sources) > 0
	some exposure in exposures(fw)
	msg := sprintf("Firewall rule %s allows %s from %s", [fw.address, exposure, concat(", ", sources)])
}

ingress(fw) if {
	not tf.is_unknown(fw, ["direction"])
	direction(fw) == "INGRESS"
}

direction(fw) := upper(d) if {
	d := fw.values.direction
	is_string(d)
} else := "INGRESS"

public_sources(fw) := sort([s | some s in fw.values.source_ranges; tf.whole_internet(s)]) if {
	count(as_list(object.get(fw.values, "source_ranges", []))) > 0
} else := ["0.0.0.0/0 (no source given)"] if {
	every attr in ["source_ranges", "source_tags", "source_service_accounts"] {
		not tf.is_unknown(fw, [attr])
		count(as_list(object.get(fw.values, attr, []))) == 0
	}
} else := []

exposures(fw) := {e |
	some i, a in tf.blocks(fw, "allow")
	not tf.is_unknown(fw, ["allow", i, "protocol"])
	not tf.is_unknown(fw, ["allow", i, "ports"])
	some e in block_exposures(lower(sprintf("%v", [a.protocol])), ports(a))
}

block_exposures(proto, ranges) := {"every protocol and port"} if {
	proto == "all"
} else := {sprintf("every %s port", [proto])} if {
	count(ranges) == 0
	not proto in portless
} else := {sprintf("%s port %v%s", [proto, port, service(port)]) |
	proto in {"tcp", "6", "udp", "17", "sctp", "132"}
	some port in admin_ports
	some r in ranges
	covers(r, port)
}

ports(a) := [sprintf("%v", [p]) | some p in as_list(object.get(a, "ports", []))]

covers(r, port) if {
	regex.match(`^[0-9]+$`, r)
	to_number(r) == port
}

covers(r, port) if {
	[[_, from, to]] := regex.find_all_string_submatch_n(`^([0-9]+)-([0-9]+)$`, r, 1)
	to_number(from) <= port
	port <= to_number(to)
}

as_list(x) := x if is_array(x)

else := []

service(22) := " (SSH)"

service(3389) := " (RDP)"

service(port) := "" if not port in {22, 3389}
