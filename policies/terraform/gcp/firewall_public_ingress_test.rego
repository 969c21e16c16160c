package paved.terraform.gcp.firewall_public_ingress_test

import data.paved.terraform.gcp.firewall_public_ingress as p

fw(values, unknown) := {
	"address": "google_compute_firewall.f", "base_address": "google_compute_firewall.f", "index": null,
	"type": "google_compute_firewall", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "f", "network": "default"}, values), "unknown": unknown,
}

deny_for(f) := d if {
	d := p.deny with input as {"resources": {"google_compute_firewall": [f]}}
}

ssh := [{"protocol": "tcp", "ports": ["22"]}]

test_ssh_from_anywhere_denied if {
	some v in deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": ssh}, {}))
	v.msg == "Firewall rule google_compute_firewall.f allows tcp port 22 (SSH) from 0.0.0.0/0"
}

test_rdp_range_denied if {
	some v in deny_for(fw({"source_ranges": ["::/0"], "allow": [{"protocol": "udp", "ports": ["3000-4000"]}]}, {}))
	contains(v.msg, "3389 (RDP)")
}

test_all_protocols_denied if {
	some v in deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "all"}]}, {}))
	contains(v.msg, "every protocol and port")
}

test_all_ports_of_protocol_denied if {
	some v in deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp"}]}, {}))
	contains(v.msg, "every tcp port")
}

test_tags_do_not_narrow_public_ranges if {
	# Google Cloud admits traffic matching source_ranges or source_tags.
	some v in deny_for(fw({"source_ranges": ["0.0.0.0/0"], "source_tags": ["vms"], "target_tags": ["rdp"], "allow": [{"protocol": "tcp", "ports": ["3389"]}]}, {}))
	contains(v.msg, "3389 (RDP)")
}

test_no_source_means_anywhere if {
	some v in deny_for(fw({"allow": ssh, "source_tags": null, "direction": null}, {}))
	contains(v.msg, "no source given")
}

test_custom_admin_port if {
	f := fw({"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": [5432]}]}, {})
	some v in p.deny with input as {"resources": {"google_compute_firewall": [f]}} with data.params.admin_ports as [5432]
	endswith(v.msg, "port 5432 from 0.0.0.0/0")
}

test_safe_rules_pass if {
	count(deny_for(fw({"source_ranges": ["35.235.240.0/20"], "allow": ssh}, {}))) == 0
	count(deny_for(fw({"source_tags": ["bastion"], "allow": ssh}, {}))) == 0
	count(deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": ["443"]}]}, {}))) == 0
	count(deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "icmp"}]}, {}))) == 0
	count(deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": ssh, "direction": "egress"}, {}))) == 0
	count(deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": ssh, "disabled": true}, {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(fw({"allow": ssh}, {"source_ranges": true}))) == 0
	count(deny_for(fw({"source_ranges": ["0.0.0.0/0"]}, {"allow": true}))) == 0
	count(deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp"}]}, {"allow": [{"ports": true}]}))) == 0
	count(deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": ssh}, {"direction": true}))) == 0
}

# Terraform converts "true" for the boolean attribute.
test_disabled_as_string_passes if {
	count(deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": ssh, "disabled": "true"}, {}))) == 0
	count(deny_for(fw({"source_ranges": ["0.0.0.0/0"], "allow": ssh, "disabled": "false"}, {}))) == 1
}
