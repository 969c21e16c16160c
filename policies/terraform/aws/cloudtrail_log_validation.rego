# METADATA
# title: CloudTrail validates its log files
# description: |
#   Log file validation writes signed digest files next to the logs, so a
#   deletion or an edit made to hide an intrusion can be detected. Without
#   it, nothing proves the trail is the one AWS delivered.
# custom:
#   id: TF-AWS-CT-002
#   severity: high
#   kind: terraform
#   resource_types: [aws_cloudtrail]
#   controls: [CIS-AWS-3.2, NIST-800-53:AU-9, SOC2:CC7.2, PCI-DSS:10.3.4]
#   related: [CKV_AWS_36, AVD-AWS-0016]
#   remediation: |
#     Set enable_log_file_validation = true on the aws_cloudtrail.
#   enforcement: deny
package paved.terraform.aws.cloudtrail_log_validation

import data.paved.lib.tf

deny contains tf.result_at(t, "enable_log_file_validation", sprintf("CloudTrail trail %s does not validate its log files", [t.address])) if {
	some t in tf.resources("aws_cloudtrail")
	tf.known_not_true(t, "enable_log_file_validation")
}
