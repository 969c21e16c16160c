package paved.terraform.aws.s3_customer_managed_key_test

import data.paved.terraform.aws.s3_customer_managed_key as cmk

bucket := {"address": "aws_s3_bucket.b", "base_address": "aws_s3_bucket.b", "index": null, "type": "aws_s3_bucket", "file": "main.tf", "line": 1, "values": {"bucket": "b"}}

sse(rule) := {
	"address": "aws_s3_bucket_server_side_encryption_configuration.b", "values": {"rule": [rule]},
	"references": {"bucket": ["aws_s3_bucket.b"]},
}

kms_rule := {"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1"}]}

denied(resources) if {
	some v in cmk.deny with input as {"resources": resources}
	v.resource == "aws_s3_bucket.b"
}

test_no_configuration_denied if denied({"aws_s3_bucket": [bucket]})

test_sse_s3_denied if {
	denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_server_side_encryption_configuration": [sse({"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]})]})
}

test_empty_rule_denied if {
	denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_server_side_encryption_configuration": [sse({})]})
}

test_kms_without_key_denied if {
	denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_server_side_encryption_configuration": [sse({"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]})]})
}

test_aws_managed_alias_denied if {
	denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_server_side_encryption_configuration": [sse({"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/aws/s3"}]})]})
}

test_split_customer_key_passes if {
	not denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_server_side_encryption_configuration": [sse(kms_rule)]})
}

test_key_unknown_before_apply_passes if {
	c := object.union(sse({"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": null}]}), {"unknown": {"rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": true}]}]}})
	not denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_server_side_encryption_configuration": [c]})
}

test_inline_customer_key_passes if {
	b := object.union(bucket, {"values": {"server_side_encryption_configuration": [{"rule": [kms_rule]}]}})
	not denied({"aws_s3_bucket": [b]})
}

test_inline_dsse_passes if {
	rule := {"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms:dsse", "kms_master_key_id": "k"}]}
	b := object.union(bucket, {"values": {"server_side_encryption_configuration": [{"rule": [rule]}]}})
	not denied({"aws_s3_bucket": [b]})
}

test_inline_unknown_passes if {
	b := object.union(bucket, {"unknown": {"server_side_encryption_configuration": true}})
	not denied({"aws_s3_bucket": [b]})
}

test_unresolved_configuration_passes if {
	c := {"address": "aws_s3_bucket_server_side_encryption_configuration.x", "values": {"rule": []}, "unknown": {"bucket": true}}
	not denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_server_side_encryption_configuration": [c]})
}

test_logging_target_exempt if {
	l := {"address": "aws_s3_bucket_logging.x", "values": {}, "references": {"target_bucket": ["aws_s3_bucket.b"]}}
	not denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_logging": [l]})
}

test_inline_logging_target_exempt if {
	other := {"address": "aws_s3_bucket.o", "base_address": "aws_s3_bucket.o", "index": null, "values": {"bucket": "o", "logging": [{"target_bucket": "b"}]}}
	not denied({"aws_s3_bucket": [bucket, other]})
}

test_log_delivery_acl_exempt if {
	b := object.union(bucket, {"values": {"acl": "log-delivery-write"}})
	not denied({"aws_s3_bucket": [b]})
}

test_log_delivery_acl_resource_exempt if {
	a := {"address": "aws_s3_bucket_acl.x", "values": {"acl": "log-delivery-write"}, "references": {"bucket": ["aws_s3_bucket.b"]}}
	not denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_acl": [a]})
}

acl_grant(permission) := {"address": "aws_s3_bucket_acl.x", "references": {"bucket": ["aws_s3_bucket.b"]}, "values": {"access_control_policy": [{"grant": [{
	"grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/s3/LogDelivery"}],
	"permission": permission,
}]}]}}

test_log_delivery_grant_exempt if {
	not denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_acl": [acl_grant("WRITE")]})
}

test_read_grant_not_exempt if {
	denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_acl": [acl_grant("READ")]})
}

log_policy(principal) := {"address": "aws_s3_bucket_policy.x", "references": {"bucket": ["aws_s3_bucket.b"]}, "values": {"policy": json.marshal({"Statement": [{
	"Effect": "Allow", "Principal": principal, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/logs/*",
}]})}}

test_logging_service_policy_exempt if {
	not denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [log_policy({"Service": "logging.s3.amazonaws.com"})]})
}

test_other_policy_not_exempt if {
	denied({"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [log_policy("*")]})
}

test_inline_key_unknown_passes if {
	rule := {"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": null}]}
	u := {"server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": true}]}]}]}
	b := object.union(bucket, {"values": {"server_side_encryption_configuration": [{"rule": [rule]}]}, "unknown": u})
	not denied({"aws_s3_bucket": [b]})
}

test_plan_computed_block_denied if {
	b := object.union(bucket, {"unknown": {"server_side_encryption_configuration": [{"rule": true}]}})
	some v in cmk.deny with input as {"source": "plan", "resources": {"aws_s3_bucket": [b]}}
	v.resource == "aws_s3_bucket.b"
}
