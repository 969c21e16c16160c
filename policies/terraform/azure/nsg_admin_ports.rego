# METADATA
# title: Network security rules do not open SSH or RDP to the internet
# description: |
#   An inbound Allow rule from *, 0.0.0.0/0 or Internet to port 22 or 3389
#   exposes remote administration to continuous brute-force and exploit
#   attempts from the whole internet.
#
#   Peers: Checkov CKV_AZURE_9 and Trivy AVD-AZU-0048 ask this of RDP,
#   Checkov CKV_AZURE_10 and Trivy AVD-AZU-0050 of SSH; this policy asks
#   both at once, so a rule that opens only one port fails here and passes
#   the other port's check. Checkov judges only Tcp and * rules; paved, as
#   Trivy, judges every protocol but ICMP (and ESP and AH, which have no
#   ports), since RDP also listens on UDP 3389.
# custom:
#   id: TF-AZ-NSG-001
#   severity: high
#   kind: terraform
#   resource_types: [azurerm_network_security_rule, azurerm_network_security_group]
#   controls: [CIS-Azure-6.1, CIS-Azure-6.2, NIST-800-53:SC-7, NIST-800-53:AC-17, SOC2:CC6.6]
#   related: [CKV_AZURE_9, CKV_AZURE_10, AVD-AZU-0048, AVD-AZU-0050]
#   remediation: |
#     Restrict source_address_prefix(es) to known administration ranges, or
#     remove the rule and reach machines through Azure Bastion or a VPN. The
#     ports judged are the admin_ports parameter (default [22, 3389]).
#   enforcement: deny
package paved.terraform.azure.nsg_admin_ports

import data.paved.lib.tf

admin_ports := tf.params("admin_ports", [22, 3389])

# any_source(s) holds for an NSG source that admits anyone: the service tags
# and wildcards Azure reads as any address, or a CIDR covering them all.
any_source(s) if s in {"*", "0.0.0.0", "internet", "any"}

any_source(s) if tf.whole_internet(s)

services := {22: "SSH", 3389: "RDP"}

deny contains tf.result(r, msg) if {
	some r in tf.resources("azurerm_network_security_rule")
	some port in exposed_ports(r.values)
	msg := sprintf("Network security rule %s allows inbound traffic from the internet to port %v%s", [r.address, port, service(port)])
}

deny contains tf.result_at(g, "security_rule", msg) if {
	some g in tf.resources("azurerm_network_security_group")
	some rule in tf.blocks(g, "security_rule")
	some port in exposed_ports(rule)
	msg := sprintf("Network security group %s rule %v allows inbound traffic from the internet to port %v%s", [g.address, object.get(rule, "name", "?"), port, service(port)])
}

# Only known values match, so a rule with an unknown field is not denied.
exposed_ports(rule) := {port |
	low(object.get(rule, "direction", "")) == "inbound"
	low(object.get(rule, "access", "")) == "allow"
	not low(object.get(rule, "protocol", "")) in {"icmp", "esp", "ah"}
	some src in sources(rule)
	any_source(low(src))
	some port in admin_ports
	some ports in port_ranges(rule)
	covers(ports, port)
}

sources(rule) := array.concat([object.get(rule, "source_address_prefix", null)], as_list(object.get(rule, "source_address_prefixes", [])))

port_ranges(rule) := [sprintf("%v", [x]) |
	some x in array.concat([object.get(rule, "destination_port_range", null)], as_list(object.get(rule, "destination_port_ranges", [])))
	x != null
]

covers("*", _) := true

covers(ports, port) if {
	regex.match(`^[0-9]+$`, ports)
	to_number(ports) == port
}

covers(ports, port) if {
	[[_, from, to]] := regex.find_all_string_submatch_n(`^([0-9]+)-([0-9]+)$`, ports, 1)
	to_number(from) <= port
	port <= to_number(to)
}

as_list(x) := x if is_array(x)

else := []

low(x) := lower(x) if is_string(x)

else := ""

service(port) := sprintf(" (%s)", [services[port]]) if services[port]

else := ""
