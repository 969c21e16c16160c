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
