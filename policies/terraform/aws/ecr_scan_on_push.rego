# METADATA
# title: ECR repositories scan images on push
# description: |
#   Scanning on push reports known vulnerabilities in an image as soon as it is
#   pushed, before it is deployed. Without it (and without a registry-level
#   scanning rule) vulnerable images go unnoticed.
#
#   Peers: Checkov CKV_AWS_163 and Trivy AVD-AWS-0030 read only the
#   repository's scan_on_push, so they fail a repository that a registry
#   scanning rule in the same configuration covers; paved passes it.
# custom:
#   id: TF-AWS-ECR-002
#   severity: medium
#   kind: terraform
#   resource_types: [aws_ecr_repository]
#   controls: [CIS-EKS-5.1.1, NIST-800-53:RA-5, NIST-800-53:SI-2, SOC2:CC7.1]
#   related: [CKV_AWS_163, AVD-AWS-0030]
#   remediation: |
#     Add image_scanning_configuration { scan_on_push = true }, or configure
#     registry-wide scanning with an aws_ecr_registry_scanning_configuration
#     rule (scan_frequency SCAN_ON_PUSH or CONTINUOUS_SCAN) whose
#     repository_filter matches the repository.
#   enforcement: deny
package paved.terraform.aws.ecr_scan_on_push

import data.paved.lib.tf

deny contains tf.result_at(r, "image_scanning_configuration", msg) if {
	some r in tf.resources("aws_ecr_repository")
	not tf.is_unknown(r, ["image_scanning_configuration", 0, "scan_on_push"])
	not tf.is_true_value(tf.value(r, ["image_scanning_configuration", 0, "scan_on_push"], false))
	not registry_scans(r)
	not registry_rules_unknown
	msg := sprintf("ECR repository %s does not scan images on push", [r.address])
}

# A registry scanning configuration overrides the repository setting.
registry_scans(r) if {
	some cfg in tf.resources("aws_ecr_registry_scanning_configuration")
	some rule in tf.blocks(cfg, "rule")
	rule.scan_frequency in {"SCAN_ON_PUSH", "CONTINUOUS_SCAN"}
	some f in rule.repository_filter
	filter_matches(f, r)
}

filter_matches(f, _) if f.filter == "*"

filter_matches(f, r) if {
	is_string(f.filter)
	is_string(r.values.name)
	glob.match(f.filter, [], r.values.name)
}

filter_matches(_, r) if tf.is_unknown(r, ["name"])

# A rule list (or a filter) that is not known yet could cover the repository.
registry_rules_unknown if {
	some cfg in tf.resources("aws_ecr_registry_scanning_configuration")
	tf.is_unknown_anywhere(cfg, ["rule", "repository_filter"])
}
