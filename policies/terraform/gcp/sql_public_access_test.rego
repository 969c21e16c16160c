package paved.terraform.gcp.sql_public_access_test

import data.paved.terraform.gcp.sql_public_access as p

instance(settings, unknown) := {
	"address": "google_sql_database_instance.db", "base_address": "google_sql_database_instance.db", "index": null,
	"type": "google_sql_database_instance", "module": "", "file": "main.tf", "line": 1,
	"values": {"name": "db", "database_version": "POSTGRES_15", "settings": settings}, "unknown": unknown,
}

deny_for(db) := d if {
	d := p.deny with input as {"resources": {"google_sql_database_instance": [db]}}
}

test_default_public_ip_denied if {
	some v in deny_for(instance([{"tier": "db-f1-micro"}], {}))
	contains(v.msg, "public IPv4")
}

test_open_authorized_network_denied if {
	ip := {"ipv4_enabled": false, "authorized_networks": [{"name": "all", "value": "0.0.0.0/0"}]}
	some v in deny_for(instance([{"ip_configuration": [ip]}], {}))
	v.msg == "Cloud SQL instance google_sql_database_instance.db authorizes 0.0.0.0/0 to connect"
}

test_private_instance_passes if {
	ip := {"ipv4_enabled": false, "private_network": "projects/p/global/networks/vpc"}
	count(deny_for(instance([{"ip_configuration": [ip]}], {}))) == 0
}

test_unknown_not_denied if {
	count(deny_for(instance([{"ip_configuration": [{}]}], {"settings": [{"ip_configuration": [{"ipv4_enabled": true}]}]}))) == 0
	count(deny_for(instance([], {"settings": true}))) == 0
}

# Terraform converts "false" for the boolean attribute.
test_private_instance_as_string_passes if {
	count(deny_for(instance([{"ip_configuration": [{"ipv4_enabled": "false"}]}], {}))) == 0
	count(deny_for(instance([{"ip_configuration": [{"ipv4_enabled": "true"}]}], {}))) == 1
}
