# METADATA
# title: S3 buckets are versioned
# description: Test policy of the evidence bundle's golden files.
# custom:
#   id: TEST-002
#   severity: medium
#   kind: terraform
#   resource_types: [aws_s3_bucket]
#   controls: [TEST:CC-2]
#   enforcement: warn
package test.versioning

deny contains {"msg": sprintf("bucket %s is not versioned", [b.address]), "resource": b.address, "location": {"file": b.file, "line": b.line}} if {
	some b in object.get(input.resources, "aws_s3_bucket", [])
	not b.values.versioning
}
