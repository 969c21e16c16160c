# METADATA
# title: Storage accounts accept only HTTPS with TLS 1.2 or later
# description: |
#   A storage account that accepts plain HTTP, or TLS 1.0/1.1, exposes keys,
#   SAS tokens and data to anyone on the network path. azurerm requires HTTPS
#   and TLS 1.2 by default; this denies configurations that turn them off.
#
#   Peers: Checkov CKV_AZURE_3 and Trivy AVD-AZU-0008 ask for HTTPS,
#   Checkov CKV_AZURE_44 and Trivy AVD-AZU-0011 for TLS 1.2 or later.
#   CKV_AZURE_44 also fails an account that leaves min_tls_version unset;
#   azurerm 3.0 and later default it to TLS1_2, so paved passes it.
# custom:
#   id: TF-AZ-STORAGE-001
#   severity: high
#   kind: terraform
#   resource_types: [azurerm_storage_account]
#   controls: [CIS-Azure-3.1, CIS-Azure-3.15, NIST-800-53:SC-8, SOC2:CC6.7]
#   related: [CKV_AZURE_3, CKV_AZURE_44, AVD-AZU-0008, AVD-AZU-0011]
#   remediation: |
#     Remove https_traffic_only_enabled = false (enable_https_traffic_only on
#     azurerm < 4) and set min_tls_version = "TLS1_2" (or leave both at their
#     defaults).
#   enforcement: deny
package paved.terraform.azure.storage_secure_transfer

import data.paved.lib.tf

deny contains tf.result_at(s, attr, msg) if {
	some s in tf.resources("azurerm_storage_account")
	some attr in ["https_traffic_only_enabled", "enable_https_traffic_only"]
	tf.is_false_value(s.values[attr])
	msg := sprintf("Storage account %s accepts plain HTTP (%s = false)", [s.address, attr])
}

deny contains tf.result_at(s, "min_tls_version", msg) if {
	some s in tf.resources("azurerm_storage_account")
	version := s.values.min_tls_version
	version in {"TLS1_0", "TLS1_1"}
	msg := sprintf("Storage account %s accepts %s (min_tls_version below TLS1_2)", [s.address, version])
}
