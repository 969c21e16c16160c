package paved.terraform.aws.s3_access_logging_test

import data.paved.terraform.aws.s3_access_logging

bucket(name) := {"address": sprintf("aws_s3_bucket.%s", [name]), "base_address": sprintf("aws_s3_bucket.%s", [name]), "index": null, "type": "aws_s3_bucket", "file": "main.tf", "line": 1, "values": {"bucket": name}}

logging := {
	"address": "aws_s3_bucket_logging.data", "base_address": "aws_s3_bucket_logging.data", "index": null,
	"type": "aws_s3_bucket_logging", "file": "main.tf", "line": 9, "values": {"target_prefix": "data/"},
	"unknown": {"bucket": true, "target_bucket": true},
	"references": {"bucket": ["aws_s3_bucket.data"], "target_bucket": ["aws_s3_bucket.logs"]},
}

test_bucket_without_logging_denied if {
	some v in s3_access_logging.deny with input as {"resources": {"aws_s3_bucket": [bucket("data")]}}
	v.resource == "aws_s3_bucket.data"
}

test_split_logging_passes_and_exempts_target if {
	count(s3_access_logging.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket("data"), bucket("logs")], "aws_s3_bucket_logging": [logging]}}
}

test_inline_logging_passes_and_exempts_target if {
	b := object.union(bucket("data"), {"values": {"logging": [{"target_bucket": "logs"}]}})
	count(s3_access_logging.deny) == 0 with input as {"resources": {"aws_s3_bucket": [b, bucket("logs")]}}
}

test_log_delivery_acl_exempt if {
	acl := {"address": "aws_s3_bucket_acl.logs", "type": "aws_s3_bucket_acl", "values": {"acl": "log-delivery-write"}, "references": {"bucket": ["aws_s3_bucket.logs"]}}
	legacy := object.union(bucket("old"), {"values": {"acl": "log-delivery-write"}})
	count(s3_access_logging.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket("logs"), legacy], "aws_s3_bucket_acl": [acl]}}
}

test_unknown_inline_logging_not_denied if {
	b := object.union(bucket("data"), {"unknown": {"logging": true}})
	count(s3_access_logging.deny) == 0 with input as {"resources": {"aws_s3_bucket": [b]}}
}

grant_acl(grants) := {
	"address": "aws_s3_bucket_acl.logs", "base_address": "aws_s3_bucket_acl.logs", "index": null, "type": "aws_s3_bucket_acl",
	"values": {"access_control_policy": [{"grant": grants}]}, "references": {"bucket": ["aws_s3_bucket.logs"]},
}

log_delivery_grantee := [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/s3/LogDelivery"}]

# Trivy AVD-AWS-0089's exemptions: ACL grants to the LogDelivery group and
# bucket policies for the logging service.
test_log_delivery_grants_exempt if {
	count(s3_access_logging.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket("logs")], "aws_s3_bucket_acl": [grant_acl([
		{"permission": "WRITE", "grantee": log_delivery_grantee},
		{"permission": "READ_ACP", "grantee": log_delivery_grantee},
	])]}}
	legacy := object.union(bucket("old"), {"values": {"grant": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/s3/LogDelivery", "permissions": ["FULL_CONTROL"]}]}})
	count(s3_access_logging.deny) == 0 with input as {"resources": {"aws_s3_bucket": [legacy]}}
}

test_partial_log_delivery_grant_denied if {
	some v in s3_access_logging.deny with input as {"resources": {"aws_s3_bucket": [bucket("logs")], "aws_s3_bucket_acl": [grant_acl([{"permission": "WRITE", "grantee": log_delivery_grantee}])]}}
	v.resource == "aws_s3_bucket.logs"
}

logging_service := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/*"}]}`

test_log_delivery_policy_exempt if {
	p := {"address": "aws_s3_bucket_policy.logs", "base_address": "aws_s3_bucket_policy.logs", "index": null, "type": "aws_s3_bucket_policy", "values": {"policy": logging_service}, "references": {"bucket": ["aws_s3_bucket.logs"]}}
	count(s3_access_logging.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket("logs")], "aws_s3_bucket_policy": [p]}}
	legacy := object.union(bucket("old"), {"values": {"policy": logging_service}})
	count(s3_access_logging.deny) == 0 with input as {"resources": {"aws_s3_bucket": [legacy]}}
}

test_other_service_policy_denied if {
	other := object.union(bucket("old"), {"values": {"policy": replace(logging_service, "logging.s3", "cloudtrail")}})
	some v in s3_access_logging.deny with input as {"resources": {"aws_s3_bucket": [other]}}
	v.resource == "aws_s3_bucket.old"
}
