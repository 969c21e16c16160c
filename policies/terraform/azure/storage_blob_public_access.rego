# METADATA
# title: Storage accounts forbid anonymous public blob access
# description: |
#   When a storage account allows nested items to be public, any container can
#   be switched to anonymous read access and its blobs read by anyone on the
#   internet. azurerm 3 and 4 allow it unless told otherwise.
# custom:
#   id: TF-AZ-STORAGE-002
#   severity: high
#   kind: terraform
#   resource_types: [azurerm_storage_account]
#   controls: [CIS-Azure-3.7, NIST-800-53:AC-3, NIST-800-53:AC-22, SOC2:CC6.1]
#   related: [CKV_AZURE_190]
#   remediation: |
#     Set allow_nested_items_to_be_public = false (allow_blob_public_access =
#     false on azurerm 2).
#   enforcement: deny
package paved.terraform.azure.storage_blob_public_access

import data.paved.lib.tf

attrs := ["allow_nested_items_to_be_public", "allow_blob_public_access"]

deny contains tf.result_at(s, attr, msg) if {
	some s in tf.resources("azurerm_storage_account")
	some attr in attrs
	tf.is_true_value(s.values[attr])
	msg := sprintf("Storage account %s lets containers be made public (%s = true)", [s.address, attr])
}

# Neither attribute written: azurerm >= 3 defaults allow_nested_items_to_be_public to true.
deny contains tf.result(s, msg) if {
	some s in tf.resources("azurerm_storage_account")
	every attr in attrs {
		tf.value(s, [attr], null) == null
		not tf.is_unknown(s, [attr])
	}
	msg := sprintf("Storage account %s does not set allow_nested_items_to_be_public = false, and azurerm defaults it to true", [s.address])
}
