# METADATA
# title: ECR repositories have immutable image tags
# description: |
#   With mutable tags anyone who can push can silently replace the image behind
#   a tag that is already deployed or referenced, so a deploy of "v1.2.3" no
#   longer means the image that was reviewed and scanned.
#
#   Peers: Checkov CKV_AWS_51 and Trivy AVD-AWS-0031 accept only IMMUTABLE;
#   paved also passes IMMUTABLE_WITH_EXCLUSION, where only the tags the
#   exclusion filter names (such as latest) can move.
# custom:
#   id: TF-AWS-ECR-001
#   severity: medium
#   kind: terraform
#   resource_types: [aws_ecr_repository]
#   controls: [NIST-800-53:CM-14, NIST-800-53:SI-7, SOC2:CC8.1]
#   related: [CKV_AWS_51, AVD-AWS-0031]
#   remediation: |
#     Set image_tag_mutability = "IMMUTABLE" (or "IMMUTABLE_WITH_EXCLUSION" with
#     a narrow image_tag_mutability_exclusion_filter, e.g. for "latest").
#   enforcement: deny
package paved.terraform.aws.ecr_immutable_tags

import data.paved.lib.tf

deny contains tf.result_at(r, "image_tag_mutability", msg) if {
	some r in tf.resources("aws_ecr_repository")
	not tf.is_unknown(r, ["image_tag_mutability"])
	mode := tf.value(r, ["image_tag_mutability"], "MUTABLE")
	not immutable(mode)
	msg := sprintf("ECR repository %s allows image tags to be overwritten (image_tag_mutability = %v)", [r.address, mode])
}

# IMMUTABLE and IMMUTABLE_WITH_EXCLUSION.
immutable(mode) if {
	is_string(mode)
	startswith(mode, "IMMUTABLE")
}
