# METADATA
# title: EBS volumes are encrypted
# description: |
#   An unencrypted EBS volume, and every snapshot taken from it, exposes its
#   data to anyone who can read the snapshot or the underlying storage.
#   Volumes created from a snapshot take the snapshot's encryption, and EBS
#   encryption by default (aws_ebs_encryption_by_default in the same
#   configuration) encrypts every new volume: those pass.
#
#   Peers: Checkov CKV_AWS_3 and Trivy AVD-AWS-0026 read only the volume's
#   encrypted attribute, so they fail the two volumes paved passes: one
#   restored from a snapshot, and one covered by EBS encryption by default.
# custom:
#   id: TF-AWS-EBS-001
#   severity: high
#   kind: terraform
#   resource_types: [aws_ebs_volume]
#   controls: [CIS-AWS-2.2.1, NIST-800-53:SC-28, SOC2:CC6.1, PCI-DSS:3.5.1]
#   related: [CKV_AWS_3, AVD-AWS-0026]
#   remediation: |
#     Set encrypted = true (and kms_key_id to a customer managed key) on the
#     aws_ebs_volume, or enable aws_ebs_encryption_by_default for the account
#     and region.
#   enforcement: deny
package paved.terraform.aws.ebs_volume_encrypted

import data.paved.lib.tf

deny contains tf.result_at(v, "encrypted", sprintf("EBS volume %s is not encrypted", [v.address])) if {
	some v in tf.resources("aws_ebs_volume")
	tf.known_not_true(v, "encrypted")
	not tf.is_set(v, ["snapshot_id"])
	not tf.is_unknown(v, ["snapshot_id"])
	not default_encryption
}

# EBS encryption by default, enabled (its default) or maybe enabled.
default_encryption if {
	some e in tf.resources("aws_ebs_encryption_by_default")
	not tf.is_false_value(object.get(e.values, "enabled", null))
}
