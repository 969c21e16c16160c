package paved.terraform.aws.s3_public_acl_test

import data.paved.terraform.aws.s3_public_acl

bucket := {"address": "aws_s3_bucket.b", "base_address": "aws_s3_bucket.b", "index": null, "type": "aws_s3_bucket", "file": "main.tf", "line": 1, "values": {"bucket": "b"}}

acl(values, refs) := {
	"address": "aws_s3_bucket_acl.b", "base_address": "aws_s3_bucket_acl.b", "index": null,
	"type": "aws_s3_bucket_acl", "file": "main.tf", "line": 5, "values": values, "references": refs,
}

attached := {"bucket": ["aws_s3_bucket.b"]}

all_users_grant := {"access_control_policy": [{
	"owner": [{"id": "abc"}],
	"grant": [{"permission": "READ", "grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}]}],
}]}

test_public_read_acl_resource_denied_on_bucket if {
	some v in s3_public_acl.deny with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_acl": [acl({"acl": "public-read"}, attached)]}}
	v.resource == "aws_s3_bucket.b"
	contains(v.msg, "public-read")
}

test_all_users_grant_denied if {
	some v in s3_public_acl.deny with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_acl": [acl(all_users_grant, attached)]}}
	contains(v.msg, "grants READ to http://acs.amazonaws.com/groups/global/AllUsers")
}

test_legacy_inline_acl_denied if {
	b := object.union(bucket, {"values": {"acl": "public-read-write"}})
	some v in s3_public_acl.deny with input as {"resources": {"aws_s3_bucket": [b]}}
	v.resource == "aws_s3_bucket.b"
}

test_acl_on_bucket_managed_elsewhere_denied if {
	some v in s3_public_acl.deny with input as {"resources": {"aws_s3_bucket_acl": [acl({"bucket": "other", "acl": "authenticated-read"}, {})]}}
	v.resource == "aws_s3_bucket_acl.b"
}

test_private_acl_passes if {
	count(s3_public_acl.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_acl": [acl({"acl": "private"}, attached)]}}
}

test_unknown_acl_not_denied if {
	a := object.union(acl({}, attached), {"unknown": {"acl": true}})
	count(s3_public_acl.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_acl": [a]}}
}

test_public_access_block_neutralizes if {
	pab := {"address": "aws_s3_bucket_public_access_block.b", "type": "aws_s3_bucket_public_access_block", "values": {"ignore_public_acls": true}, "references": attached}
	count(s3_public_acl.deny) == 0 with input as {"resources": {
		"aws_s3_bucket": [bucket], "aws_s3_bucket_acl": [acl({"acl": "public-read"}, attached)],
		"aws_s3_bucket_public_access_block": [pab],
	}}
}

test_account_block_neutralizes if {
	acct := {"address": "aws_s3_account_public_access_block.this", "type": "aws_s3_account_public_access_block", "values": {"block_public_acls": true}}
	b := object.union(bucket, {"values": {"acl": "public-read"}})
	count(s3_public_acl.deny) == 0 with input as {"resources": {"aws_s3_bucket": [b], "aws_s3_account_public_access_block": [acct]}}
}

# AWS provider < 4: grant { type = "Group", uri = ..., permissions = [...] } on the bucket.
test_legacy_inline_grant_denied if {
	b := object.union(bucket, {"values": {"grant": [
		{"type": "CanonicalUser", "id": "abc", "permissions": ["FULL_CONTROL"]},
		{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers", "permissions": ["WRITE", "READ"]},
	]}})
	some v in s3_public_acl.deny with input as {"resources": {"aws_s3_bucket": [b]}}
	v.msg == "S3 bucket aws_s3_bucket.b grants READ and WRITE to http://acs.amazonaws.com/groups/global/AllUsers"
}

test_legacy_inline_owner_grant_passes if {
	b := object.union(bucket, {"values": {"grant": [{"type": "CanonicalUser", "id": "abc", "permissions": ["FULL_CONTROL"]}]}})
	count(s3_public_acl.deny) == 0 with input as {"resources": {"aws_s3_bucket": [b]}}
}

# Terraform converts "true" for the public access block's boolean attributes.
test_block_as_string_neutralizes if {
	count(s3_public_acl.deny) == 0 with input as public_read_with_block({"ignore_public_acls": "true"})
	count(s3_public_acl.deny) == 1 with input as public_read_with_block({"ignore_public_acls": "false", "block_public_acls": "false"})
}

public_read_with_block(values) := {"resources": {
	"aws_s3_bucket": [bucket], "aws_s3_bucket_acl": [acl({"acl": "public-read"}, attached)],
	"aws_s3_bucket_public_access_block": [{"address": "aws_s3_bucket_public_access_block.b", "type": "aws_s3_bucket_public_access_block", "values": values, "references": attached}],
}}
