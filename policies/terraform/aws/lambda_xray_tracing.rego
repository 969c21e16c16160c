# METADATA
# title: Lambda functions have active X-Ray tracing
# description: |
#   Active tracing records every invocation in AWS X-Ray, which is how slow
#   calls, failing dependencies and unexpected callers of a function are found.
#   The default (PassThrough) only traces requests an upstream already sampled.
#
#   Peers: Trivy AVD-AWS-0066 asks the same (mode Active). Checkov CKV_AWS_50
#   also passes a function whose tracing_config says PassThrough, the
#   default written out; paved fails it, as it traces no more than no
#   tracing_config at all.
# custom:
#   id: TF-AWS-LAMBDA-001
#   severity: low
#   kind: terraform
#   resource_types: [aws_lambda_function]
#   controls: [NIST-800-53:AU-12, NIST-800-53:SI-4, SOC2:CC7.2]
#   related: [CKV_AWS_50, AVD-AWS-0066]
#   remediation: |
#     Add tracing_config { mode = "Active" } (terraform-aws-modules/lambda:
#     tracing_mode = "Active" and attach_tracing_policy = true).
#   enforcement: deny
package paved.terraform.aws.lambda_xray_tracing

import data.paved.lib.tf

deny contains tf.result_at(f, "tracing_config", msg) if {
	some f in tf.resources("aws_lambda_function")
	not tf.is_unknown(f, ["tracing_config", 0, "mode"])
	mode := tf.value(f, ["tracing_config", 0, "mode"], "PassThrough")
	mode != "Active"
	msg := sprintf("Lambda function %s does not have active X-Ray tracing (tracing_config mode is %v)", [f.address, mode])
}
