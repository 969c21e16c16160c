# METADATA
# title: S3 buckets log access requests
# description: |
#   Server access logs record who read, wrote or deleted what and when;
#   without them an incident on the bucket cannot be investigated. Buckets
#   that receive access logs themselves are exempt: the target of a logging
#   configuration, and a bucket that lets S3 deliver logs to it (the
#   log-delivery-write ACL, a grant of FULL_CONTROL, or WRITE and READ_ACP,
#   to the LogDelivery group, or a bucket policy that allows
#   logging.s3.amazonaws.com to put objects).
#
#   Peers: Checkov CKV_AWS_18 and Trivy AVD-AWS-0089 ask the same. Trivy
#   exempts the same log buckets except the target of a logging
#   configuration; Checkov exempts none.
# custom:
#   id: TF-AWS-S3-004
#   severity: low
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [NIST-800-53:AU-2, NIST-800-53:AU-12, SOC2:CC7.2, PCI-DSS:10.2.1]
#   related: [CKV_AWS_18, AVD-AWS-0089]
#   remediation: |
#     Add an aws_s3_bucket_logging whose bucket refers to this bucket and
#     whose target_bucket is a dedicated log bucket (on AWS provider < 4, a
#     logging block on the bucket). With terraform-aws-modules/s3-bucket,
#     pass logging = { target_bucket = …, target_prefix = … }.
#   enforcement: deny
package paved.terraform.aws.s3_access_logging

import data.paved.lib.tf
import data.paved.lib.tf.iam

deny contains tf.result(b, sprintf("S3 bucket %s does not log access requests", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	count(tf.blocks(b, "logging")) == 0
	not tf.unknown_in_config(b, ["logging"])
	not tf.maybe_attached("aws_s3_bucket_logging", "bucket", b)
	not log_bucket(b)
}

# A bucket that receives access logs (target of a logging configuration, or
# with the log-delivery-write ACL) is not asked to log itself.
log_bucket(b) if tf.maybe_attached("aws_s3_bucket_logging", "target_bucket", b)

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

log_bucket(b) if log_delivery_granted(tf.blocks(b, "grant"))

log_bucket(b) if {
	some a in tf.resources("aws_s3_bucket_acl")
	tf.refers_to(a, "bucket", b)
	some p in tf.blocks(a, "access_control_policy")
	log_delivery_granted(tf.as_list(object.get(p, "grant", null)))
}

log_bucket(b) if {
	some p in tf.resources("aws_s3_bucket_policy")
	tf.refers_to(p, "bucket", b)
	log_delivery_allowed(p)
}

log_bucket(b) if log_delivery_allowed(b)

# What S3 documents for log delivery by ACL: FULL_CONTROL, or WRITE and
# READ_ACP, for the LogDelivery group. grants are access_control_policy
# grant blocks (permission, grantee { uri }) or legacy grant blocks on the
# bucket (permissions, uri).
log_delivery_granted(grants) if {
	perms := {p |
		some g in grants
		log_delivery_grantee(g)
		some p in array.concat(tf.as_list(object.get(g, "permission", null)), tf.as_list(object.get(g, "permissions", null)))
	}
	some ok in [{"FULL_CONTROL"}, {"WRITE", "READ_ACP"}]
	count(ok - perms) == 0
}

log_delivery_grantee(g) if object.get(g, "uri", "") == log_delivery

log_delivery_grantee(g) if {
	some ge in tf.as_list(object.get(g, "grantee", null))
	object.get(ge, "uri", "") == log_delivery
}

log_delivery := "http://acs.amazonaws.com/groups/s3/LogDelivery"

# A policy statement that allows the logging service to put objects.
log_delivery_allowed(r) if {
	some st in iam.attr_statements(r, "policy")
	st.effect == "Allow"
	some p in st.principals
	p.type == "Service"
	"logging.s3.amazonaws.com" in p.identifiers
	some a in st.actions
	lower(a) in {"s3:putobject", "s3:*", "*"}
}
