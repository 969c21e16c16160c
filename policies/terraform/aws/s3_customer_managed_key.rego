# METADATA
# title: S3 buckets encrypt with a customer-managed KMS key
# description: |
#   S3 encrypts every new object with S3-managed keys (SSE-S3) whatever the
#   configuration says, so the remaining choice is whose key: with SSE-KMS
#   and a customer-managed key, the key policy decides who can decrypt, key
#   use is logged in CloudTrail, and disabling the key cuts off access to the
#   data. Opt-in: this is a warning by default (most buckets need no more
#   than SSE-S3); an override in .paved.yaml makes it blocking for the
#   buckets that hold data worth the key's cost.
#
#   Buckets that receive server access logs are exempt, as S3 does not
#   deliver access logs to a bucket whose default encryption is SSE-KMS: the
#   target of an aws_s3_bucket_logging (or inline logging block), a bucket
#   with the log-delivery-write ACL or a grant to the LogDelivery group, or
#   one whose bucket policy lets logging.s3.amazonaws.com put objects.
#
#   Peers: Trivy AVD-AWS-0132 asks the same (aws:kms with a key id; the same
#   log-bucket exemptions, to which paved adds the target of a logging
#   configuration). Checkov CKV_AWS_145 accepts aws:kms without a key id,
#   which uses the AWS-managed aws/s3 key, and has no log-bucket exemption.
# custom:
#   id: TF-AWS-S3-007
#   severity: low
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [NIST-800-53:SC-12, NIST-800-53:SC-28, SOC2:CC6.1]
#   related: [AVD-AWS-0132]
#   see_also: [CKV_AWS_145]
#   remediation: |
#     Add an aws_s3_bucket_server_side_encryption_configuration whose bucket
#     refers to this bucket, with a rule whose
#     apply_server_side_encryption_by_default sets sse_algorithm = "aws:kms"
#     (or "aws:kms:dsse") and kms_master_key_id to a key you manage
#     (aws_kms_key.….arn), and bucket_key_enabled = true to cut KMS costs.
#   enforcement: warn
package paved.terraform.aws.s3_customer_managed_key

import data.paved.lib.tf
import data.paved.lib.tf.iam

deny contains tf.result(b, sprintf("S3 bucket %s is encrypted with keys AWS manages (SSE-S3 or the aws/s3 key), not a customer-managed KMS key, so no key policy of yours controls who can decrypt its objects", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	not log_bucket(b)
	not customer_key(b)
}

# customer_key(b) holds when an encryption configuration of b (inline or a
# split resource) names a KMS key, or may do so (unknown before apply).
customer_key(b) if {
	some sse in tf.blocks(b, "server_side_encryption_configuration")
	some rule in tf.as_list(object.get(sse, "rule", []))
	kms_rule(rule)
}

customer_key(b) if tf.unknown_in_config(b, ["server_side_encryption_configuration"])

# A key id known only after apply, deep in the inline block (in a plan the
# provider computes the whole block, so only unknown_in_config counts there).
customer_key(b) if {
	object.get(input, "source", "hcl") != "plan"
	tf.unknown_within(b, ["server_side_encryption_configuration"])
}

customer_key(b) if {
	some c in tf.resources("aws_s3_bucket_server_side_encryption_configuration")
	tf.refers_to(c, "bucket", b)
	some i, rule in tf.blocks(c, "rule")
	kms_rule_or_unknown(c, i, rule)
}

customer_key(b) if tf.unresolved("aws_s3_bucket_server_side_encryption_configuration", "bucket")

kms_rule_or_unknown(_, _, rule) if kms_rule(rule)

kms_rule_or_unknown(c, i, _) if {
	u := tf.nested_unknown(object.get(c, "unknown", {}), "rule", i)
	walk(u, [_, true])
}

kms_rule(rule) if {
	some d in tf.as_list(object.get(rule, "apply_server_side_encryption_by_default", []))
	d.sse_algorithm in {"aws:kms", "aws:kms:dsse"}
	key := object.get(d, "kms_master_key_id", "")
	is_string(key)
	key != ""
	not aws_managed(key)
}

# The AWS-managed key, by alias, is not the customer's.
aws_managed(key) if endswith(key, "alias/aws/s3")

# A bucket that receives server access logs.
log_bucket(b) if tf.attached("aws_s3_bucket_logging", "target_bucket", b)

log_bucket(b) if {
	some other in tf.resources("aws_s3_bucket")
	some l in tf.blocks(other, "logging")
	l.target_bucket in {object.get(b.values, "bucket", null), object.get(b.values, "id", null)}
}

log_bucket(b) if b.values.acl == "log-delivery-write"

log_bucket(b) if {
	some a in tf.resources("aws_s3_bucket_acl")
	tf.refers_to(a, "bucket", b)
	a.values.acl == "log-delivery-write"
}

log_bucket(b) if {
	some a in tf.resources("aws_s3_bucket_acl")
	tf.refers_to(a, "bucket", b)
	some p in tf.blocks(a, "access_control_policy")
	some g in tf.as_list(object.get(p, "grant", []))
	some ge in tf.as_list(object.get(g, "grantee", []))
	ge.uri == "http://acs.amazonaws.com/groups/s3/LogDelivery"
	g.permission in {"WRITE", "FULL_CONTROL"}
}

log_bucket(b) if {
	some p in tf.resources("aws_s3_bucket_policy")
	tf.refers_to(p, "bucket", b)
	doc := iam.json_doc(p.values.policy)
	some s in tf.as_list(object.get(doc, "Statement", []))
	lower(object.get(s, "Effect", "")) == "allow"
	principal := object.get(s, "Principal", {})
	is_object(principal)
	"logging.s3.amazonaws.com" in tf.as_list(object.get(principal, "Service", []))
	some a in tf.as_list(object.get(s, "Action", []))
	lower(a) == "s3:putobject"
}
