package paved.terraform.aws.s3_secure_transport_test

import data.paved.terraform.aws.s3_secure_transport

bucket := {"address": "aws_s3_bucket.b", "base_address": "aws_s3_bucket.b", "index": null, "type": "aws_s3_bucket", "file": "main.tf", "line": 1, "values": {"bucket": "b"}}

tls_json := `{"Version":"2012-10-17","Statement":[{"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

read_json := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`

policy(values, unknown, refs) := {
	"address": "aws_s3_bucket_policy.b", "base_address": "aws_s3_bucket_policy.b", "index": null,
	"type": "aws_s3_bucket_policy", "file": "main.tf", "line": 5,
	"values": values, "unknown": unknown,
	"references": object.union({"bucket": ["aws_s3_bucket.b"]}, refs),
}

doc(name, statements, extra) := object.union(
	{
		"address": sprintf("data.aws_iam_policy_document.%s", [name]), "base_address": sprintf("data.aws_iam_policy_document.%s", [name]),
		"index": null, "mode": "data", "type": "aws_iam_policy_document", "file": "main.tf", "line": 20,
		"values": {"statement": statements},
	},
	extra,
)

tls_statement := {
	"effect": "Deny", "actions": ["s3:*"],
	"principals": [{"type": "*", "identifiers": ["*"]}],
	"condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}],
}

read_statement := {"actions": ["s3:GetObject"], "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::111122223333:root"]}]}

doc_policy(name) := policy({}, {"policy": true}, {"policy": [sprintf("data.aws_iam_policy_document.%s", [name])]})

test_bucket_without_policy_denied if {
	some v in s3_secure_transport.deny with input as {"resources": {"aws_s3_bucket": [bucket]}}
	v.resource == "aws_s3_bucket.b"
}

test_json_policy_without_tls_denied if {
	some v in s3_secure_transport.deny with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [policy({"policy": read_json}, {}, {})]}}
	contains(v.msg, "aws_s3_bucket_policy.b lacks")
}

test_json_policy_with_tls_passes if {
	count(s3_secure_transport.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [policy({"policy": tls_json}, {}, {})]}}
}

test_legacy_inline_policy_with_tls_passes if {
	b := object.union(bucket, {"values": {"policy": tls_json}})
	count(s3_secure_transport.deny) == 0 with input as {"resources": {"aws_s3_bucket": [b]}}
}

test_policy_document_with_tls_passes if {
	count(s3_secure_transport.deny) == 0 with input as {
		"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [doc_policy("tls")]},
		"data": {"aws_iam_policy_document": [doc("tls", [tls_statement], {"unknown": {"statement": [{"resources": true}]}})]},
	}
}

test_policy_document_without_tls_denied if {
	some v in s3_secure_transport.deny with input as {
		"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [doc_policy("read")]},
		"data": {"aws_iam_policy_document": [doc("read", [read_statement], {})]},
	}
	v.resource == "aws_s3_bucket.b"
}

test_unknown_document_statements_not_denied if {
	deny_unknown_condition := object.remove(tls_statement, ["condition"])
	unknown_variable := object.union(tls_statement, {"condition": [{"test": "Bool", "values": ["false"]}]})
	count(s3_secure_transport.deny) == 0 with input as {
		"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [doc_policy("d")]},
		"data": {"aws_iam_policy_document": [doc("d", [deny_unknown_condition], {"unknown": {"statement": [{"condition": true}]}})]},
	}
	count(s3_secure_transport.deny) == 0 with input as {
		"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [doc_policy("d")]},
		"data": {"aws_iam_policy_document": [doc("d", [unknown_variable], {"unknown": {"statement": [{"condition": [{"variable": true}]}]}})]},
	}
	count(s3_secure_transport.deny) == 0 with input as {
		"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [doc_policy("d")]},
		"data": {"aws_iam_policy_document": [doc("d", [], {"values": {"statement": null}, "unknown": {"statement": true}})]},
	}
}

test_unknowns_that_cannot_hide_tls_still_denied if {
	# an Allow statement with unknown conditions, a Deny on another key with unknown values
	allow_unknown := object.union(read_statement, {"resources": null})
	ip_deny := {"effect": "Deny", "actions": ["s3:*"], "condition": [{"test": "NotIpAddress", "variable": "aws:SourceIp"}]}
	count(s3_secure_transport.deny) == 1 with input as {
		"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [doc_policy("d")]},
		"data": {"aws_iam_policy_document": [doc("d", [allow_unknown, ip_deny], {"unknown": {"statement": [
			{"condition": true, "resources": true},
			{"condition": [{"values": true}]},
		]}})]},
	}
}

test_unknown_policy_without_documents_not_denied if {
	count(s3_secure_transport.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [policy({}, {"policy": true}, {})]}}
}

# terraform-aws-modules/s3-bucket: the bucket policy is built from a
# "combined" document whose source_policy_documents are other documents' json.
test_module_combined_documents if {
	combined := doc("combined", [], {"values": {"statement": null}, "unknown": {"source_policy_documents": true}, "references": {"source_policy_documents": [
		"data.aws_iam_policy_document.deny_insecure_transport[0]",
		"data.aws_iam_policy_document.elb_log_delivery[0]",
	]}})
	with_tls := {"data": {"aws_iam_policy_document": [combined, doc("deny_insecure_transport[0]", [tls_statement], {})]}}
	without_tls := {"data": {"aws_iam_policy_document": [combined, doc("elb_log_delivery[0]", [read_statement], {})]}}
	resources := {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [doc_policy("combined")]}
	count(s3_secure_transport.deny) == 0 with input as object.union(with_tls, {"resources": resources})
	count(s3_secure_transport.deny) == 1 with input as object.union(without_tls, {"resources": resources})
}

test_known_source_documents_are_read if {
	combined := doc("combined", [], {"values": {"statement": null, "source_policy_documents": [read_json, tls_json]}})
	count(s3_secure_transport.deny) == 0 with input as {
		"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [doc_policy("combined")]},
		"data": {"aws_iam_policy_document": [combined]},
	}
}

test_unresolved_policy_not_denied if {
	p := object.union(object.remove(policy({"policy": read_json}, {}, {}), ["references"]), {"unknown": {"bucket": true}})
	count(s3_secure_transport.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [p]}}
}

# A jsonencode or heredoc bucket policy with ARNs known only after apply:
# the loader decodes it, the ARNs null in values and true in the mirror.
partial_policy(statement, mirror) := policy({"policy": {"Version": "2012-10-17", "Statement": [statement]}}, {"policy": {"Statement": [mirror]}}, {})

test_partly_unknown_policy_with_tls_passes if {
	st := {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [null, null], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
	count(s3_secure_transport.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [partial_policy(st, {"Resource": [true, true]})]}}
}

test_partly_unknown_policy_without_tls_denied if {
	st := {"Effect": "Allow", "Principal": {"AWS": null}, "Action": "s3:GetObject"}
	some v in s3_secure_transport.deny with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [partial_policy(st, {"Principal": {"AWS": true}, "Resource": true})]}}
	contains(v.msg, "aws_s3_bucket_policy.b lacks")
}

test_partly_unknown_policy_that_may_hold_tls_passes if {
	# A Deny whose condition, or a statement whose effect or condition
	# values, are not known before apply may turn out to be the TLS deny.
	unknown_condition := partial_policy({"Effect": "Deny", "Principal": "*", "Action": "s3:*"}, {"Condition": true})
	unknown_values := partial_policy({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Condition": {"Bool": {}}}, {"Condition": {"Bool": {"aws:SecureTransport": true}}})
	unknown_effect := partial_policy({"Principal": "*", "Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}, {"Effect": true})
	unknown_statement := policy({"policy": {"Version": "2012-10-17", "Statement": [null]}}, {"policy": {"Statement": [true]}}, {})
	every p in [unknown_condition, unknown_values, unknown_effect, unknown_statement] {
		count(s3_secure_transport.deny) == 0 with input as {"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [p]}}
	}
}

test_policy_document_maybe_denying_tls_passes if {
	st := object.remove(tls_statement, ["effect"])
	count(s3_secure_transport.deny) == 0 with input as {
		"resources": {"aws_s3_bucket": [bucket], "aws_s3_bucket_policy": [doc_policy("maybe")]},
		"data": {"aws_iam_policy_document": [doc("maybe", [st], {"unknown": {"statement": [{"effect": true}]}})]},
	}
}
