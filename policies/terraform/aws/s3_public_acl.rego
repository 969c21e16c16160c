# METADATA
# title: S3 buckets grant no public ACL
# description: |
#   The canned ACLs public-read, public-read-write and authenticated-read,
#   and grants to the AllUsers or AuthenticatedUsers groups, open a bucket to
#   the Internet or to every AWS account. A public access block that ignores
#   or blocks public ACLs neutralizes them, so such buckets pass.
#
#   Peers: Checkov CKV_AWS_20 and Trivy AVD-AWS-0092 ask the same and give
#   paved's verdicts on their examples, except that CKV_AWS_20 also fails
#   the ACL "website", which is no S3 canned ACL (S3 and the AWS provider
#   refuse it, so it grants nothing). Neither peer lets a public access
#   block neutralize the ACL. Checkov CKV_AWS_57 asks only about public
#   write access (public-read-write, a WRITE grant to AllUsers) and passes
#   a public-read bucket.
# custom:
#   id: TF-AWS-S3-006
#   severity: high
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [NIST-800-53:AC-3, NIST-800-53:AC-6, SOC2:CC6.1, PCI-DSS:7.2.1]
#   related: [CKV_AWS_20, AVD-AWS-0092]
#   see_also: [CKV_AWS_57]
#   remediation: |
#     Remove the public canned ACL or grant (acl = "private", or no
#     aws_s3_bucket_acl at all with object_ownership = "BucketOwnerEnforced")
#     and keep an aws_s3_bucket_public_access_block with block_public_acls and
#     ignore_public_acls set to true.
#   enforcement: deny
package paved.terraform.aws.s3_public_acl

import data.paved.lib.tf

public_acls := {"public-read", "public-read-write", "authenticated-read"}

public_groups := {"http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}

# Legacy inline acl / grant on the bucket.
deny contains tf.result_at(b, attr, sprintf("S3 bucket %s %s", [b.address, what])) if {
	some b in tf.resources("aws_s3_bucket")
	some [attr, what] in public_grant(b, "grant")
	not acls_neutralized(b)
}

# aws_s3_bucket_acl attached to a bucket of the configuration: the bucket fails.
deny contains tf.result(b, sprintf("S3 bucket %s: %s %s", [b.address, a.address, what])) if {
	some b in tf.resources("aws_s3_bucket")
	some a in tf.resources("aws_s3_bucket_acl")
	tf.refers_to(a, "bucket", b)
	some [_, what] in public_grant(a, "access_control_policy")
	not acls_neutralized(b)
}

# aws_s3_bucket_acl on a bucket managed elsewhere: the ACL resource fails.
deny contains tf.result_at(a, attr, sprintf("%s %s", [a.address, what])) if {
	some a in tf.resources("aws_s3_bucket_acl")
	not attached_to_known_bucket(a)
	some [attr, what] in public_grant(a, "access_control_policy")
}

public_grant(r, _) := {["acl", sprintf("has the public canned ACL %q", [r.values.acl])]} if public_canned(r)

public_grant(r, block) := {[block, sprintf("grants %s to %s", [permission(g), uri])] |
	some g in grants(r, block)
	some uri in grantee_uris(g)
	uri in public_groups
} if not public_canned(r)

# The grantee of a grant: grantee { uri } in access_control_policy, or the
# uri of a legacy grant block on the bucket (AWS provider < 4).
grantee_uris(g) := {u | some ge in tf.as_list(object.get(g, "grantee", null)); u := object.get(ge, "uri", "")} | {u | u := object.get(g, "uri", "")}

# permission in access_control_policy; permissions (a list) in a legacy grant.
permission(g) := g.permission if {
	is_string(g.permission)
} else := concat(" and ", sort(g.permissions)) if {
	is_array(g.permissions)
	count(g.permissions) > 0
} else := "access"

public_canned(r) if r.values.acl in public_acls

# grant blocks: directly on the bucket, or in access_control_policy on aws_s3_bucket_acl.
grants(r, "grant") := tf.blocks(r, "grant")

grants(r, "access_control_policy") := [g | some p in tf.blocks(r, "access_control_policy"); some g in tf.as_list(object.get(p, "grant", null))]

attached_to_known_bucket(a) if {
	some b in tf.resources("aws_s3_bucket")
	tf.refers_to(a, "bucket", b)
}

# Public ACLs are blocked or ignored (or may be: unknown) by the bucket's
# public access block, or by the account-level one.
acls_neutralized(b) if {
	some p in tf.resources("aws_s3_bucket_public_access_block")
	tf.refers_to(p, "bucket", b)
	some s in ["block_public_acls", "ignore_public_acls"]
	not tf.known_not_true(p, s)
}

acls_neutralized(_) if {
	some p in tf.resources("aws_s3_account_public_access_block")
	some s in ["block_public_acls", "ignore_public_acls"]
	not tf.known_not_true(p, s)
}
