# METADATA
# title: S3 buckets carry an owner tag
# description: Test policy of the evidence bundle's golden files.
# custom:
#   id: TEST-001
#   severity: high
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [TEST:CC-1, TEST:CC-2]
#   enforcement: deny
package test.owner_tag

deny contains {"msg": sprintf("bucket %s has no owner tag", [b.address]), "resource": b.address, "location": {"file": b.file, "line": b.line}} if {
	some b in object.get(input.resources, "aws_s3_bucket", [])
	not b.values.tags.owner
}
