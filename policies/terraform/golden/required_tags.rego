# METADATA
# title: AWS resources carry the required tags
# description: |
#   Ownership and cost tags are how an organization knows who to call about a
#   resource and who pays for it. Every taggable AWS resource must carry each
#   tag of the required_tags parameter (default owner and cost-center), set on
#   the resource or through the aws provider's default_tags.
# custom:
#   id: TF-GP-001
#   severity: low
#   kind: terraform
#   resource_types: [aws_s3_bucket, aws_instance, aws_launch_template, aws_ebs_volume, aws_efs_file_system, aws_db_instance, aws_db_subnet_group, aws_rds_cluster, aws_rds_cluster_instance, aws_dynamodb_table, aws_elasticache_cluster, aws_elasticache_replication_group, aws_redshift_cluster, aws_opensearch_domain, aws_elasticsearch_domain, aws_msk_cluster, aws_kinesis_stream, aws_lambda_function, aws_sfn_state_machine, aws_api_gateway_rest_api, aws_apigatewayv2_api, aws_ecs_cluster, aws_ecs_service, aws_ecs_task_definition, aws_ecr_repository, aws_eks_cluster, aws_eks_node_group, aws_vpc, aws_subnet, aws_security_group, aws_internet_gateway, aws_nat_gateway, aws_eip, aws_route_table, aws_network_acl, aws_vpc_endpoint, aws_lb, aws_alb, aws_lb_target_group, aws_cloudfront_distribution, aws_route53_zone, aws_acm_certificate, aws_sqs_queue, aws_sns_topic, aws_kms_key, aws_secretsmanager_secret, aws_ssm_parameter, aws_cloudwatch_log_group, aws_cloudtrail, aws_backup_vault, aws_iam_role, aws_iam_user, aws_iam_policy]
#   controls: [NIST-800-53:CM-8, SOC2:CC6.1]
#   related: []
#   tags: [golden-path]
#   remediation: |
#     Add the missing keys to the resource's tags, or once for every resource
#     to the aws provider's default_tags { tags = { … } }. Tag keys are case
#     sensitive; a tag with an empty value counts as missing.
#   enforcement: deny
package paved.terraform.golden.required_tags

import data.paved.lib.tf

required := tf.params("required_tags", ["owner", "cost-center"])

# Keep in step with resource_types above.
taggable := [
	"aws_s3_bucket", "aws_instance", "aws_launch_template", "aws_ebs_volume", "aws_efs_file_system",
	"aws_db_instance", "aws_db_subnet_group", "aws_rds_cluster", "aws_rds_cluster_instance",
	"aws_dynamodb_table", "aws_elasticache_cluster", "aws_elasticache_replication_group",
	"aws_redshift_cluster", "aws_opensearch_domain", "aws_elasticsearch_domain", "aws_msk_cluster",
	"aws_kinesis_stream", "aws_lambda_function", "aws_sfn_state_machine", "aws_api_gateway_rest_api",
	"aws_apigatewayv2_api", "aws_ecs_cluster", "aws_ecs_service", "aws_ecs_task_definition",
	"aws_ecr_repository", "aws_eks_cluster", "aws_eks_node_group", "aws_vpc", "aws_subnet",
	"aws_security_group", "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_route_table",
	"aws_network_acl", "aws_vpc_endpoint", "aws_lb", "aws_alb", "aws_lb_target_group",
	"aws_cloudfront_distribution", "aws_route53_zone", "aws_acm_certificate", "aws_sqs_queue",
	"aws_sns_topic", "aws_kms_key", "aws_secretsmanager_secret", "aws_ssm_parameter",
	"aws_cloudwatch_log_group", "aws_cloudtrail", "aws_backup_vault", "aws_iam_role", "aws_iam_user",
	"aws_iam_policy",
]

deny contains tf.result_at(r, "tags", msg) if {
	some type in taggable
	some r in tf.resources(type)
	not tf.is_unknown(r, ["tags"])
	not default_tags_unknown(r)
	have := tag_keys(r)
	missing := sort([k | some k in required; not k in have; not tf.is_unknown(r, ["tags", k])])
	count(missing) > 0
	msg := sprintf("%s lacks required tags: %s", [r.address, concat(", ", missing)])
}

# Keys with a non-empty value on the resource (tags_all in a plan already
# merges default_tags) or in the default_tags of an aws provider it can use.
tag_keys(r) := {k |
	some attr in ["tags", "tags_all"]
	some k, v in object.get(r.values, attr, {})
	v != ""
} | {k |
	some p in aws_providers(r)
	some dt in as_list(object.get(p.config, "default_tags", []))
	some k, v in object.get(dt, "tags", {})
	v != ""
}

# Provider configurations of the resource's module and its ancestors
# (a module inherits its caller's default provider).
aws_providers(r) := [p |
	some p in tf.provider_blocks
	p.name == "aws"
	visible(p.module, object.get(r, "module", ""))
]

visible("", _) := true

visible(pm, rm) if {
	pm != ""
	pm == rm
}

visible(pm, rm) if {
	pm != ""
	startswith(rm, concat("", [pm, "."]))
}

# A default_tags block whose tags could not be evaluated.
default_tags_unknown(r) if {
	some p in aws_providers(r)
	some dt in as_list(object.get(p.config, "default_tags", []))
	not is_object(object.get(dt, "tags", null))
}

as_list(x) := x if is_array(x)

else := []
