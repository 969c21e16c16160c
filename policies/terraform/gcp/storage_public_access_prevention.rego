# METADATA
# title: Cloud Storage buckets enforce public access prevention
# description: |
#   Public access prevention stops a bucket and its objects from ever being
#   shared with allUsers or allAuthenticatedUsers, whatever IAM or ACL change
#   is made later. Left "inherited" (the default), the bucket is protected only
#   if an organization policy says so, which the configuration cannot show.
# custom:
#   id: TF-GCP-GCS-002
#   severity: medium
#   kind: terraform
#   resource_types: [google_storage_bucket]
#   controls: [CIS-GCP-5.1, NIST-800-53:AC-3, NIST-800-53:AC-22, SOC2:CC6.1]
#   related: [CKV_GCP_114]
#   remediation: |
#     Set public_access_prevention = "enforced". Where the
#     constraints/storage.publicAccessPrevention organization policy is
#     enforced, set the gcs_trust_inherited_pap parameter to true instead.
#   enforcement: deny
package paved.terraform.gcp.storage_public_access_prevention

import data.paved.lib.tf

deny contains tf.result_at(b, "public_access_prevention", msg) if {
	some b in tf.resources("google_storage_bucket")
	not tf.is_unknown(b, ["public_access_prevention"])
	pap := setting(b)
	pap != "enforced"
	not trusted_inherited(pap)
	msg := sprintf("Cloud Storage bucket %s does not enforce public access prevention (public_access_prevention = %s)", [b.address, pap])
}

setting(b) := v if {
	v := b.values.public_access_prevention
	is_string(v)
} else := "inherited"

trusted_inherited("inherited") if tf.params("gcs_trust_inherited_pap", false) == true
