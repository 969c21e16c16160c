# METADATA
# title: EBS encryption by default is not turned off
# description: |
#   EBS encryption by default makes every new volume and snapshot copy in the
#   region encrypted, whatever the template or console user asks for. A
#   configuration that manages the setting must leave it enabled.
# custom:
#   id: TF-AWS-EBS-002
#   severity: medium
#   kind: terraform
#   resource_types: [aws_ebs_encryption_by_default]
#   controls: [CIS-AWS-2.2.1, NIST-800-53:SC-28, SOC2:CC6.1]
#   related: [CKV_AWS_106]
#   remediation: |
#     Set enabled = true on aws_ebs_encryption_by_default (or remove the
#     attribute: true is its default), optionally with
#     aws_ebs_default_kms_key for a customer managed key.
#   enforcement: deny
package paved.terraform.aws.ebs_default_encryption

import data.paved.lib.tf

deny contains tf.result_at(e, "enabled", sprintf("%s turns EBS encryption by default off", [e.address])) if {
	some e in tf.resources("aws_ebs_encryption_by_default")
	tf.is_false_value(e.values.enabled)
}
