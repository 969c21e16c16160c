# METADATA
# title: Lambda functions send failed asynchronous events somewhere
# description: |
#   An asynchronous invocation that still fails after its retries is dropped
#   unless the function has a dead-letter queue (or an on-failure destination),
#   so events are lost without a trace.
#
#   Peers: Checkov CKV_AWS_116 gives paved's verdicts on its examples; it
#   asks for dead_letter_config alone, where paved also accepts an
#   on-failure destination of an aws_lambda_function_event_invoke_config.
# custom:
#   id: TF-AWS-LAMBDA-002
#   severity: low
#   kind: terraform
#   resource_types: [aws_lambda_function]
#   controls: [NIST-800-53:SI-11, NIST-800-53:CP-10, SOC2:A1.2]
#   related: [CKV_AWS_116]
#   remediation: |
#     Add dead_letter_config { target_arn = <SQS queue or SNS topic ARN> }, or an
#     aws_lambda_function_event_invoke_config for the function with
#     destination_config { on_failure { destination = <ARN> } }. Functions that
#     are only invoked synchronously can ignore this warning.
#   enforcement: warn
package paved.terraform.aws.lambda_dead_letter_queue

import data.paved.lib.tf

deny contains tf.result_at(f, "dead_letter_config", msg) if {
	some f in tf.resources("aws_lambda_function")
	not tf.is_unknown(f, ["dead_letter_config", 0, "target_arn"])
	not has_dlq(f)
	not on_failure_destination(f)
	msg := sprintf("Lambda function %s has no dead-letter queue or on-failure destination for failed asynchronous invocations", [f.address])
}

has_dlq(f) if {
	arn := f.values.dead_letter_config[0].target_arn
	is_string(arn)
	arn != ""
}

# An event invoke config (that is, or may be, for this function) with an
# on-failure destination that is set or not known yet.
on_failure_destination(f) if {
	some c in tf.resources("aws_lambda_function_event_invoke_config")
	for_function(c, f)
	destination_set(c)
}

for_function(c, f) if tf.refers_to(c, "function_name", f)

for_function(c, f) if {
	name := c.values.function_name
	name != ""
	name in {f.values.function_name, object.get(f.values, "arn", null)}
}

for_function(c, _) if {
	tf.is_unknown(c, ["function_name"])
	count(object.get(object.get(c, "references", {}), "function_name", [])) == 0
}

destination_set(c) if tf.is_unknown(c, ["destination_config", 0, "on_failure", 0, "destination"])

destination_set(c) if {
	d := c.values.destination_config[0].on_failure[0].destination
	is_string(d)
	d != ""
}
