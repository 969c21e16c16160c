package paved.terraform.aws.iam_admin_policy_test

import data.paved.terraform.aws.iam_admin_policy

res(type, values) := {"address": sprintf("%s.p", [type]), "base_address": sprintf("%s.p", [type]), "index": null, "type": type, "file": "main.tf", "line": 1, "values": values}

doc(statements, unknown) := {
	"address": "data.aws_iam_policy_document.d", "base_address": "data.aws_iam_policy_document.d", "index": null, "mode": "data",
	"type": "aws_iam_policy_document", "file": "main.tf", "line": 10, "values": {"statement": statements}, "unknown": unknown,
}

admin_json := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

scoped_json := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}`

test_json_admin_policy_denied if {
	some v in iam_admin_policy.deny with input as {"resources": {"aws_iam_policy": [res("aws_iam_policy", {"policy": admin_json})]}}
	v.resource == "aws_iam_policy.p"
}

test_decoded_inline_role_policy_denied if {
	p := res("aws_iam_role_policy", {"policy": {"Statement": {"Sid": "All", "Effect": "Allow", "Action": ["*"], "Resource": ["*"]}}})
	some v in iam_admin_policy.deny with input as {"resources": {"aws_iam_role_policy": [p]}}
	contains(v.msg, "(statement \"All\")")
}

test_policy_document_admin_denied if {
	some v in iam_admin_policy.deny with input as {"data": {"aws_iam_policy_document": [doc([{"actions": ["*"], "resources": ["*"]}], {})]}}
	v.resource == "data.aws_iam_policy_document.d"
}

test_scoped_policies_pass if {
	count(iam_admin_policy.deny) == 0 with input as {
		"resources": {"aws_iam_user_policy": [res("aws_iam_user_policy", {"policy": scoped_json})], "aws_iam_group_policy": [res("aws_iam_group_policy", {"policy": "not json"})]},
		"data": {"aws_iam_policy_document": [doc([{"effect": "Deny", "actions": ["*"], "resources": ["*"]}, {"actions": ["s3:*"], "resources": ["*"]}], {})]},
	}
}

test_unknown_not_denied if {
	# terraform-aws-modules/iam: policy = data.aws_iam_policy_document.this[0].json, effect from a variable
	count(iam_admin_policy.deny) == 0 with input as {
		"resources": {"aws_iam_policy": [object.union(res("aws_iam_policy", {}), {"unknown": {"policy": true}})]},
		"data": {"aws_iam_policy_document": [doc([{"actions": ["*"], "resources": ["*"]}], {"statement": [{"effect": true}]})]},
	}
}

# A jsonencode or heredoc document with an ARN known only after apply: the
# loader decodes it, the ARN null in values and true in the unknown mirror.
partial(statement, mirror) := object.union(res("aws_iam_policy", {"policy": {"Version": "2012-10-17", "Statement": [statement]}}), {"unknown": {"policy": {"Statement": [mirror]}}})

test_partly_unknown_admin_policy_denied if {
	p := partial({"Effect": "Allow", "Action": "*", "Resource": [null, "*"]}, {"Resource": [true, false]})
	some v in iam_admin_policy.deny with input as {"resources": {"aws_iam_policy": [p]}}
	v.resource == "aws_iam_policy.p"
}

test_partly_unknown_scoped_or_maybe_denying_policy_passes if {
	scoped := partial({"Effect": "Allow", "Action": "*", "Resource": [null]}, {"Resource": [true]})
	maybe_deny := object.union(partial({"Action": "*", "Resource": "*"}, {"Effect": true}), {"address": "aws_iam_policy.q"})
	count(iam_admin_policy.deny) == 0 with input as {"resources": {"aws_iam_policy": [scoped, maybe_deny]}}
}

test_permission_set_inline_admin_policy_denied if {
	p := res("aws_ssoadmin_permission_set_inline_policy", {"inline_policy": admin_json})
	some v in iam_admin_policy.deny with input as {"resources": {"aws_ssoadmin_permission_set_inline_policy": [p]}}
	v.resource == "aws_ssoadmin_permission_set_inline_policy.p"
}

test_permission_set_inline_scoped_policy_passes if {
	p := res("aws_ssoadmin_permission_set_inline_policy", {"inline_policy": scoped_json})
	count(iam_admin_policy.deny) == 0 with input as {"resources": {"aws_ssoadmin_permission_set_inline_policy": [p]}}
}

# IAM rejects a JSON statement without Effect (Checkov's CKV_AWS_62 reads it
# as Allow): such a document grants nothing.
test_json_statement_without_effect_passes if {
	p := res("aws_iam_policy", {"policy": `{"Version":"2012-10-17","Statement":[{"Action":"*","Resource":"*"}]}`})
	count(iam_admin_policy.deny) == 0 with input as {"resources": {"aws_iam_policy": [p]}}
}
