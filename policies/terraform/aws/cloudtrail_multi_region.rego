# METADATA
# title: CloudTrail trails cover every region
# description: |
#   A single-region trail misses API activity in the other regions, which is
#   where an intruder who knows the account's home region goes. The
#   aws_cloudtrail resource is single-region unless told otherwise.
# custom:
#   id: TF-AWS-CT-001
#   severity: medium
#   kind: terraform
#   resource_types: [aws_cloudtrail]
#   controls: [CIS-AWS-3.1, NIST-800-53:AU-2, NIST-800-53:AU-12, SOC2:CC7.2, PCI-DSS:10.2.1]
#   related: [CKV_AWS_67, AVD-AWS-0014]
#   remediation: |
#     Set is_multi_region_trail = true on the aws_cloudtrail (and
#     include_global_service_events = true, its default).
#   enforcement: deny
package paved.terraform.aws.cloudtrail_multi_region

import data.paved.lib.tf

deny contains tf.result_at(t, "is_multi_region_trail", sprintf("CloudTrail trail %s only records its own region", [t.address])) if {
	some t in tf.resources("aws_cloudtrail")
	tf.known_not_true(t, "is_multi_region_trail")
}
