# METADATA
# title: S3 buckets deny requests over plain HTTP
# description: |
#   S3 accepts HTTP as well as HTTPS unless the bucket policy denies requests
#   whose aws:SecureTransport is false; without that statement data and
#   credentials can travel in clear text, as CIS AWS Foundations warns. The
#   related checks are AWS Config's, Security Hub's and Prowler's.
# custom:
#   id: TF-AWS-S3-005
#   severity: medium
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [CIS-AWS-2.1.2, NIST-800-53:SC-8, SOC2:CC6.7, PCI-DSS:4.2.1]
#   related: [AWS-Config:s3-bucket-ssl-requests-only, SecurityHub:S3.5, prowler:s3_bucket_secure_transport_policy]
#   remediation: |
#     Attach an aws_s3_bucket_policy with a statement that denies "s3:*" on
#     the bucket and its objects to every principal when aws:SecureTransport
#     is "false" (an aws_iam_policy_document statement with effect = "Deny"
#     and condition { test = "Bool", variable = "aws:SecureTransport",
#     values = ["false"] }). With terraform-aws-modules/s3-bucket, set
#     attach_deny_insecure_transport_policy = true.
#   enforcement: deny
package paved.terraform.aws.s3_secure_transport

import data.paved.lib.tf
import data.paved.lib.tf.iam

# A bucket is denied only when every policy that could apply to it is known
# to lack the statement; a policy built from values not known before apply
# (an unknown JSON string, a policy document with unknown statements) leaves
# the bucket unjudged.
deny contains tf.result(b, msg) if {
	some b in tf.resources("aws_s3_bucket")
	inline_without_tls(b)
	not tf.unresolved("aws_s3_bucket_policy", "bucket")
	policies := [p | some p in tf.resources("aws_s3_bucket_policy"); tf.refers_to(p, "bucket", b)]
	every p in policies {
		without_tls(p, "policy")
	}
	msg := sprintf("S3 bucket %s has no bucket policy denying requests over plain HTTP (aws:SecureTransport = false)%s", [b.address, which(policies)])
}

which(policies) := "" if count(policies) == 0

which(policies) := sprintf(": %s lacks that statement", [concat(", ", [p.address | some p in policies])]) if count(policies) > 0

# The legacy inline policy of aws_s3_bucket (AWS provider < 4): unset, or
# known to lack the statement.
inline_without_tls(b) if {
	object.get(b.values, "policy", null) in {null, ""}
	not tf.unknown_in_config(b, ["policy"])
}

inline_without_tls(b) if without_tls(b, "policy")

# without_tls(r, attr): the policy in r's attr provably has no TLS statement:
# a known document, or one known in part whose unknown parts cannot make a
# statement a TLS deny.
without_tls(r, attr) if {
	statements := iam.attr_statements(r, attr)
	not tls_in(statements)
	not maybe_tls_in(statements)
}

# Not known before apply, but made of aws_iam_policy_document data sources
# whose statements are all known (one level of source_policy_documents or
# override_policy_documents followed). Other references can only be values
# interpolated into the document (ARNs, account ids), not statements.
without_tls(r, attr) if {
	tf.is_unknown(r, [attr])
	docs := referenced_docs(r, attr)
	count(docs) > 0
	every d in docs {
		known_without_tls(d)
	}
}

referenced_docs(r, attr) := {d | some d in tf.data_sources("aws_iam_policy_document"); tf.refers_to(r, attr, d)}

known_without_tls(d) if {
	statements_known_without_tls(d)
	every attr in ["source_policy_documents", "override_policy_documents"] {
		documents_known_without_tls(d, attr)
	}
}

documents_known_without_tls(d, attr) if documents_known(d, attr)

documents_known_without_tls(d, attr) if {
	tf.unknown_within(d, [attr])
	subs := referenced_docs(d, attr)
	count(subs) > 0
	every s in subs {
		statements_known_without_tls(s)
		documents_known(s, "source_policy_documents")
		documents_known(s, "override_policy_documents")
	}
}

# The JSON documents in attr are all known (and were read by doc_statements).
documents_known(d, attr) if {
	not tf.unknown_within(d, [attr])
	every x in tf.as_list(tf.value(d, [attr], [])) {
		iam.json_doc(x)
	}
}

# No statement of d is, or may turn out to be, a TLS deny. Unknown ARNs,
# principals or other conditions' values do not matter.
statements_known_without_tls(d) if {
	not tf.is_unknown(d, ["statement"])
	statements := iam.doc_statements(d)
	not tls_in(statements)
	not maybe_tls_in(statements)
}

maybe_tls_in(statements) if {
	some st in statements
	may_deny(st)
	may_test_transport(st)
}

may_deny(st) if st.effect == "Deny"

may_deny(st) if "effect" in st.unknown

may_test_transport(st) if {
	"condition" in st.unknown
	count(st.conditions) == 0
}

may_test_transport(st) if {
	some c in st.conditions
	"variable" in c.unknown
}

may_test_transport(st) if {
	some c in st.conditions
	secure_transport(c)
	some k in ["test", "values"]
	k in c.unknown
}

# The TLS condition, known, on a statement whose effect is not.
may_test_transport(st) if tls_condition(st)

secure_transport(c) if {
	is_string(c.variable)
	lower(c.variable) == "aws:securetransport"
}

# tls_in(statements): a Deny statement conditioned on aws:SecureTransport false.
tls_in(statements) if {
	some st in statements
	st.effect == "Deny"
	tls_condition(st)
}

tls_condition(st) if {
	some c in st.conditions
	secure_transport(c)
	some v in c.values
	lower(sprintf("%v", [v])) == "false"
}
