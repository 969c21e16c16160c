package paved.terraform.aws.elb_tls_policy_test

import data.paved.terraform.aws.elb_tls_policy as p

listener(values, unknown) := {
	"address": "aws_lb_listener.https", "base_address": "aws_lb_listener.https", "index": null,
	"type": "aws_lb_listener", "module": "", "file": "main.tf", "line": 10,
	"values": values, "unknown": unknown,
}

deny_for(l) := d if {
	d := p.deny with input as {"resources": {"aws_lb_listener": [l]}}
}

test_outdated_policy_denied if {
	some v in deny_for(listener({"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS-1-1-2017-01"}, {}))
	contains(v.msg, "ELBSecurityPolicy-TLS-1-1-2017-01")
}

test_missing_policy_denied if {
	some v in deny_for(listener({"protocol": "TLS"}, {}))
	contains(v.msg, "ELBSecurityPolicy-2016-08")
}

test_current_policy_passes if {
	count(deny_for(listener({"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}, {}))) == 0
}

test_plain_http_not_judged if {
	count(deny_for(listener({"protocol": "HTTP"}, {}))) == 0
}

test_unknown_policy_not_denied if {
	count(deny_for(listener({"protocol": "HTTPS"}, {"ssl_policy": true}))) == 0
	count(deny_for(listener({"ssl_policy": "ELBSecurityPolicy-2016-08"}, {"protocol": true}))) == 0
}
