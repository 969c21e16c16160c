# METADATA
# title: CloudTrail logs are encrypted with a KMS key
# description: |
#   By default trail logs get S3-managed encryption, which anyone allowed to
#   read the bucket can undo. A customer managed KMS key adds a second,
#   separately audited permission (kms:Decrypt) between the bucket and the
#   account's audit history.
# custom:
#   id: TF-AWS-CT-003
#   severity: medium
#   kind: terraform
#   resource_types: [aws_cloudtrail]
#   controls: [CIS-AWS-3.7, NIST-800-53:SC-28, NIST-800-53:AU-9, SOC2:CC6.1, PCI-DSS:10.3.2]
#   related: [CKV_AWS_35, AVD-AWS-0015]
#   remediation: |
#     Set kms_key_id on the aws_cloudtrail to the ARN of a customer managed
#     aws_kms_key whose policy lets cloudtrail.amazonaws.com encrypt with it.
#   enforcement: deny
package paved.terraform.aws.cloudtrail_kms

import data.paved.lib.tf

deny contains tf.result(t, sprintf("CloudTrail trail %s does not encrypt its logs with a KMS key (kms_key_id is unset)", [t.address])) if {
	some t in tf.resources("aws_cloudtrail")
	object.get(t.values, "kms_key_id", null) in {null, ""}
	not tf.is_unknown(t, ["kms_key_id"])
}
