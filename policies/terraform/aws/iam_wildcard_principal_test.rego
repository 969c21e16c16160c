package paved.terraform.aws.iam_wildcard_principal_test

import data.paved.terraform.aws.iam_wildcard_principal

res(type, values) := {"address": sprintf("%s.p", [type]), "base_address": sprintf("%s.p", [type]), "index": null, "type": type, "file": "main.tf", "line": 1, "values": values}

doc(statements, unknown) := {
	"address": "data.aws_iam_policy_document.d", "base_address": "data.aws_iam_policy_document.d", "index": null, "mode": "data",
	"type": "aws_iam_policy_document", "file": "main.tf", "line": 10, "values": {"statement": statements}, "unknown": unknown,
}

public_trust := `{"Version":"2012-10-17","Statement":[{"Sid":"Anyone","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`

org_only := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-123"}}}]}`

tls_deny := `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

service_trust := `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

test_public_trust_policy_denied if {
	some v in iam_wildcard_principal.deny with input as {"resources": {"aws_iam_role": [res("aws_iam_role", {"assume_role_policy": public_trust})]}}
	v.resource == "aws_iam_role.p"
	contains(v.msg, "assume_role_policy allows any principal")
}

test_public_bucket_policy_denied if {
	p := res("aws_s3_bucket_policy", {"policy": `{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`})
	count(iam_wildcard_principal.deny) == 1 with input as {"resources": {"aws_s3_bucket_policy": [p]}}
}

test_policy_document_any_principal_denied if {
	st := {"actions": ["sns:Publish"], "principals": [{"type": "*", "identifiers": ["*"]}]}
	some v in iam_wildcard_principal.deny with input as {"data": {"aws_iam_policy_document": [doc([st], {})]}}
	v.resource == "data.aws_iam_policy_document.d"
}

test_conditioned_denying_or_named_principals_pass if {
	conditioned := {"actions": ["s3:*"], "principals": [{"type": "AWS", "identifiers": ["*"]}], "condition": [{"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["111122223333"]}]}
	denying := {"effect": "Deny", "actions": ["s3:*"], "principals": [{"type": "*", "identifiers": ["*"]}]}
	count(iam_wildcard_principal.deny) == 0 with input as {
		"resources": {
			"aws_iam_role": [res("aws_iam_role", {"assume_role_policy": service_trust})],
			"aws_sqs_queue_policy": [res("aws_sqs_queue_policy", {"policy": org_only})],
			"aws_s3_bucket": [res("aws_s3_bucket", {"policy": tls_deny})],
		},
		"data": {"aws_iam_policy_document": [doc([conditioned, denying], {})]},
	}
}

test_unknown_not_denied if {
	# terraform-aws-modules/iam: identifiers and conditions from variables
	st := {"actions": ["sts:AssumeRole"], "principals": [{"type": "AWS", "identifiers": ["*"]}]}
	count(iam_wildcard_principal.deny) == 0 with input as {
		"resources": {"aws_iam_role": [object.union(res("aws_iam_role", {}), {"unknown": {"assume_role_policy": true}})]},
		"data": {"aws_iam_policy_document": [doc([st], {"statement": [{"condition": true}]})]},
	}
}

# A jsonencode or heredoc document with an ARN known only after apply: the
# loader decodes it, the ARN null in values and true in the unknown mirror.
partial(type, attr, statement, mirror) := object.union(res(type, {attr: {"Version": "2012-10-17", "Statement": [statement]}}), {"unknown": {attr: {"Statement": [mirror]}}})

test_partly_unknown_document_with_wildcard_denied if {
	st := {"Effect": "Allow", "Principal": {"AWS": [null, "*"]}, "Action": "sqs:SendMessage"}
	p := partial("aws_sqs_queue_policy", "policy", st, {"Principal": {"AWS": [true, false]}, "Resource": true})
	some v in iam_wildcard_principal.deny with input as {"resources": {"aws_sqs_queue_policy": [p]}}
	v.resource == "aws_sqs_queue_policy.p"
	role := partial("aws_iam_role", "assume_role_policy", {"Effect": "Allow", "Principal": {"AWS": [null, "*"]}, "Action": "sts:AssumeRole"}, {"Principal": {"AWS": [true, false]}})
	count(iam_wildcard_principal.deny) == 1 with input as {"resources": {"aws_iam_role": [role]}}
}

test_policy_document_partly_unknown_identifiers_denied if {
	st := {"actions": ["sqs:SendMessage"], "principals": [{"type": "AWS", "identifiers": [null, "*"]}]}
	count(iam_wildcard_principal.deny) == 1 with input as {"data": {"aws_iam_policy_document": [doc([st], {"statement": [{"principals": [{"identifiers": [true, false]}]}]})]}}
}

test_partly_unknown_document_that_may_narrow_passes if {
	named := partial("aws_sqs_queue_policy", "policy", {"Effect": "Allow", "Principal": {"AWS": [null]}}, {"Principal": {"AWS": [true]}})
	# Condition not known before apply: it may narrow the statement.
	conditioned := partial("aws_sns_topic_policy", "policy", {"Effect": "Allow", "Principal": "*"}, {"Condition": true})
	# A condition whose value is not known still narrows it.
	source := partial("aws_s3_bucket_policy", "policy", {"Effect": "Allow", "Principal": "*", "Condition": {"ArnEquals": {}}}, {"Condition": {"ArnEquals": {"aws:SourceArn": true}}})
	maybe_allow := partial("aws_sqs_queue", "policy", {"Principal": "*"}, {"Effect": true})
	whole := object.union(res("aws_sns_topic", {"policy": {"Version": "2012-10-17"}}), {"unknown": {"policy": {"Statement": true}}})
	count(iam_wildcard_principal.deny) == 0 with input as {"resources": {
		"aws_sqs_queue_policy": [named], "aws_sns_topic_policy": [conditioned], "aws_s3_bucket_policy": [source],
		"aws_sqs_queue": [maybe_allow], "aws_sns_topic": [whole],
	}}
}

# Checkov's CKV_AWS_168/169 examples: a principal ARN for any account.
test_any_account_principal_arn_denied if {
	p := res("aws_sqs_queue_policy", {"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:role/sqs"},"Action":"sqs:SendMessage"}]}`})
	some v in iam_wildcard_principal.deny with input as {"resources": {"aws_sqs_queue_policy": [p]}}
	v.msg == "aws_sqs_queue_policy.p: policy allows principals of any AWS account (arn:aws:iam::*:role/sqs) without a condition"
}

# Checkov's CKV_AWS_70 example: aws:PrincipalArn arn:aws:iam::* matches every caller.
test_condition_matching_every_account_denied if {
	st := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::*"}}}]}`
	some v in iam_wildcard_principal.deny with input as {"resources": {"aws_s3_bucket_policy": [res("aws_s3_bucket_policy", {"policy": st})]}}
	v.msg == "aws_s3_bucket_policy.p: policy allows any principal under a condition that every caller meets (ArnEquals aws:PrincipalArn)"
	doc_st := {"actions": ["s3:GetObject"], "principals": [{"type": "*", "identifiers": ["*"]}], "condition": [{"test": "ArnLike", "variable": "aws:SourceArn", "values": ["*"]}]}
	count(iam_wildcard_principal.deny) == 1 with input as {"data": {"aws_iam_policy_document": [doc([doc_st], {})]}}
}

test_conditions_naming_an_account_or_negated_pass if {
	named := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/u"}}}]}`
	negated := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Condition":{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::*"}}}]}`
	region := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}}]}`
	specific := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/sqs"},"Action":"sqs:SendMessage"}]}`
	count(iam_wildcard_principal.deny) == 0 with input as {"resources": {
		"aws_s3_bucket_policy": [res("aws_s3_bucket_policy", {"policy": named})],
		"aws_s3_bucket": [res("aws_s3_bucket", {"policy": negated})],
		"aws_sns_topic_policy": [res("aws_sns_topic_policy", {"policy": region})],
		"aws_sqs_queue": [res("aws_sqs_queue", {"policy": specific})],
	}}
}
