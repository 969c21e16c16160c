# METADATA
# title: Cloud Storage buckets use uniform bucket-level access
# description: |
#   With fine-grained ACLs, any object can carry its own ACL that grants access
#   outside the bucket's IAM policy, including allUsers. Uniform bucket-level
#   access disables ACLs so IAM alone decides who can read the bucket.
# custom:
#   id: TF-GCP-GCS-001
#   severity: medium
#   kind: terraform
#   resource_types: [google_storage_bucket]
#   controls: [CIS-GCP-5.2, NIST-800-53:AC-3, SOC2:CC6.1]
#   related: [CKV_GCP_29, AVD-GCP-0002]
#   remediation: |
#     Set uniform_bucket_level_access = true (the google provider defaults it
#     to false).
#   enforcement: deny
package paved.terraform.gcp.storage_uniform_access

import data.paved.lib.tf

deny contains tf.result_at(b, "uniform_bucket_level_access", msg) if {
	some b in tf.resources("google_storage_bucket")
	not tf.is_unknown(b, ["uniform_bucket_level_access"])
	not tf.is_true(b, "uniform_bucket_level_access")
	msg := sprintf("Cloud Storage bucket %s allows per-object ACLs (uniform_bucket_level_access is not true)", [b.address])
}
