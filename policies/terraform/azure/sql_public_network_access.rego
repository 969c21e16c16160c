# METADATA
# title: Azure database servers disable public network access
# description: |
#   With public network access enabled (the azurerm default) the server's
#   endpoint is reachable from the internet and only its firewall rules stand
#   between it and the world. Private endpoints keep it off the internet.
#
#   Peers: Checkov CKV_AZURE_113 (SQL Server), CKV_AZURE_68 (PostgreSQL)
#   and CKV_AZURE_53 (MySQL) ask the same of one server type each. Trivy
#   AVD-AZU-0022 also judges azurerm_mariadb_server, a service Azure
#   retired in 2025; paved does not.
# custom:
#   id: TF-AZ-SQL-001
#   severity: medium
#   kind: terraform
#   resource_types: [azurerm_mssql_server, azurerm_postgresql_server, azurerm_mysql_server]
#   controls: [NIST-800-53:SC-7, NIST-800-53:AC-3, SOC2:CC6.6]
#   related: [CKV_AZURE_113, CKV_AZURE_68, CKV_AZURE_53, AVD-AZU-0022]
#   remediation: |
#     Set public_network_access_enabled = false and reach the server through an
#     azurerm_private_endpoint.
#   enforcement: deny
package paved.terraform.azure.sql_public_network_access

import data.paved.lib.tf

types := ["azurerm_mssql_server", "azurerm_postgresql_server", "azurerm_mysql_server"]

deny contains tf.result_at(s, "public_network_access_enabled", msg) if {
	some t in types
	some s in tf.resources(t)
	not tf.is_unknown(s, ["public_network_access_enabled"])
	not tf.is_false_value(tf.value(s, ["public_network_access_enabled"], null))
	msg := sprintf("Database server %s allows public network access (public_network_access_enabled is not false)", [s.address])
}
