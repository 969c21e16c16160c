# METADATA
# title: Cloud SQL instances are not reachable from the internet
# description: |
#   A Cloud SQL instance gets a public IPv4 address unless
#   ip_configuration.ipv4_enabled is false, and an authorized network of
#   0.0.0.0/0 then lets the whole internet try its database credentials.
#
#   Peers: Checkov CKV_GCP_60 asks for the first half (no public IPv4
#   address) and CKV_GCP_11 for the second (no authorized network of
#   0.0.0.0/0); this policy asks both, so it fails instances each of them
#   passes for having only the other problem. CKV_GCP_60 also passes an
#   instance that leaves ipv4_enabled unset, which the google provider
#   defaults to true; paved fails it. Trivy AVD-GCP-0017 asks both halves
#   too, but fails any authorized network with public addresses (an office
#   /32 included); paved fails only a /0 (0.0.0.0/0, ::/0), since allowing a
#   known range is what authorized networks are for.
# custom:
#   id: TF-GCP-SQL-001
#   severity: high
#   kind: terraform
#   resource_types: [google_sql_database_instance]
#   controls: [CIS-GCP-6.5, CIS-GCP-6.6, NIST-800-53:SC-7, SOC2:CC6.6]
#   related: [CKV_GCP_11, CKV_GCP_60, AVD-GCP-0017]
#   remediation: |
#     In settings.ip_configuration set ipv4_enabled = false and connect through
#     private_network (private services access) or Private Service Connect;
#     never list 0.0.0.0/0 in authorized_networks.
#   enforcement: deny
package paved.terraform.gcp.sql_public_access

import data.paved.lib.tf

ip_path := ["settings", 0, "ip_configuration", 0]

deny contains tf.result_at(db, "settings", msg) if {
	some db in tf.resources("google_sql_database_instance")
	count(tf.blocks(db, "settings")) > 0
	not tf.is_unknown(db, array.concat(ip_path, ["ipv4_enabled"]))
	not tf.is_false_value(tf.value(db, array.concat(ip_path, ["ipv4_enabled"]), null))
	msg := sprintf("Cloud SQL instance %s has a public IPv4 address (ip_configuration.ipv4_enabled is not false)", [db.address])
}

deny contains tf.result_at(db, "settings", msg) if {
	some db in tf.resources("google_sql_database_instance")
	some network in tf.value(db, array.concat(ip_path, ["authorized_networks"]), [])
	tf.whole_internet(network.value)
	msg := sprintf("Cloud SQL instance %s authorizes %s to connect", [db.address, network.value])
}
