# METADATA
# title: Load balancer listeners use HTTPS or redirect to it
# description: |
#   A listener that serves plain HTTP sends requests, cookies and credentials
#   unencrypted across the network. HTTP is acceptable only when the listener's
#   default action redirects every request to HTTPS.
#
#   Peers: Checkov CKV_AWS_2 and Trivy AVD-AWS-0054 also fail a listener that
#   sets no protocol when its load balancer is not in the configuration;
#   paved does not assume HTTP there, since the listener of a network or
#   gateway load balancer serves no HTTP. Trivy accepts any redirect, even to
#   plain HTTP, which paved (like Checkov) fails. Checkov CKV2_AWS_20 judges
#   the load balancer rather than each listener, and asks for port 80 to
#   redirect to port 443 in particular.
# custom:
#   id: TF-AWS-ELB-001
#   severity: high
#   kind: terraform
#   resource_types: [aws_lb_listener, aws_alb_listener]
#   controls: [NIST-800-53:SC-8, NIST-800-53:SC-23, SOC2:CC6.7]
#   related: [CKV_AWS_2, CKV2_AWS_20, AVD-AWS-0054]
#   remediation: |
#     Use protocol = "HTTPS" with a certificate_arn, or keep the HTTP listener
#     with a default_action of type "redirect" whose redirect block sets
#     protocol = "HTTPS" (and port = "443", status_code = "HTTP_301").
#   enforcement: deny
package paved.terraform.aws.elb_https_listener

import data.paved.lib.tf

listeners := array.concat(tf.resources("aws_lb_listener"), tf.resources("aws_alb_listener"))

load_balancers := array.concat(tf.resources("aws_lb"), tf.resources("aws_alb"))

deny contains tf.result_at(l, "protocol", msg) if {
	some l in listeners
	serves_http(l)
	not tf.is_unknown(l, ["default_action"])
	not redirects_to_https(l)
	not redirect_unknown(l)
	msg := sprintf("Load balancer listener %s serves plain HTTP%s without redirecting to HTTPS", [l.address, port_text(l)])
}

serves_http(l) if l.values.protocol == "HTTP"

# protocol defaults to HTTP on an application load balancer (a listener of a
# network or gateway load balancer has another protocol or none at all).
serves_http(l) if {
	not tf.is_unknown(l, ["protocol"])
	tf.value(l, ["protocol"], null) == null
	some lb in load_balancers
	tf.refers_to(l, "load_balancer_arn", lb)
	not tf.is_unknown(lb, ["load_balancer_type"])
	lb_type(lb) == "application"
}

lb_type(lb) := t if {
	t := lb.values.load_balancer_type
	t != null
} else := "application"

redirects_to_https(l) if {
	some a in tf.blocks(l, "default_action")
	a.type == "redirect"
	a.redirect[0].protocol == "HTTPS"
}

redirect_unknown(l) if {
	some i, _ in tf.blocks(l, "default_action")
	tf.is_unknown(l, ["default_action", i, "type"])
}

redirect_unknown(l) if {
	some i, a in tf.blocks(l, "default_action")
	a.type == "redirect"
	tf.is_unknown(l, ["default_action", i, "redirect", 0, "protocol"])
}

port_text(l) := sprintf(" on port %v", [l.values.port]) if {
	l.values.port != null
} else := ""
