# METADATA
# title: Application load balancers drop invalid HTTP header fields
# description: |
#   By default an application load balancer forwards header fields that are not
#   valid HTTP to its targets, which enables request smuggling and header
#   injection against backends that parse them differently.
# custom:
#   id: TF-AWS-ELB-003
#   severity: medium
#   kind: terraform
#   resource_types: [aws_lb, aws_alb]
#   controls: [NIST-800-53:SI-10, NIST-800-53:SC-7, SOC2:CC6.6]
#   related: [CKV_AWS_131, AVD-AWS-0052]
#   remediation: |
#     Set drop_invalid_header_fields = true on the aws_lb (application load
#     balancers only; network and gateway load balancers are not judged).
#   enforcement: deny
package paved.terraform.aws.elb_drop_invalid_headers

import data.paved.lib.tf

deny contains tf.result_at(lb, "drop_invalid_header_fields", msg) if {
	some lb in array.concat(tf.resources("aws_lb"), tf.resources("aws_alb"))
	not tf.is_unknown(lb, ["load_balancer_type"])
	lb_type(lb) == "application"
	not tf.is_unknown(lb, ["drop_invalid_header_fields"])
	not tf.is_true(lb, "drop_invalid_header_fields")
	msg := sprintf("Application load balancer %s forwards invalid HTTP header fields to its targets (drop_invalid_header_fields is not true)", [lb.address])
}

lb_type(lb) := t if {
	t := lb.values.load_balancer_type
	t != null
} else := "application"
