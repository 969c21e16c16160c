package paved.terraform.aws.elb_https_listener_test

import data.paved.terraform.aws.elb_https_listener as p

listener(values, unknown) := {
	"address": "aws_lb_listener.http", "base_address": "aws_lb_listener.http", "index": null,
	"type": "aws_lb_listener", "module": "", "file": "main.tf", "line": 10,
	"values": values, "unknown": unknown, "references": {"load_balancer_arn": ["aws_lb.this"]},
}

lb(values) := {
	"address": "aws_lb.this", "base_address": "aws_lb.this", "index": null,
	"type": "aws_lb", "module": "", "file": "main.tf", "line": 1, "values": values,
}

forward := [{"type": "forward", "target_group_arn": "arn:tg"}]

redirect(protocol) := [{"type": "redirect", "redirect": [{"protocol": protocol, "port": "443", "status_code": "HTTP_301"}]}]

deny_for(resources) := d if {
	d := p.deny with input as {"resources": resources}
}

test_http_forward_denied if {
	some v in deny_for({"aws_lb_listener": [listener({"protocol": "HTTP", "port": 80, "default_action": forward}, {})]})
	v.msg == "Load balancer listener aws_lb_listener.http serves plain HTTP on port 80 without redirecting to HTTPS"
}

test_alb_listener_alias_denied if {
	l := object.union(listener({"protocol": "HTTP", "default_action": forward}, {}), {"address": "aws_alb_listener.x", "type": "aws_alb_listener"})
	some v in deny_for({"aws_alb_listener": [l]})
	v.resource == "aws_alb_listener.x"
}

test_http_redirect_to_https_passes if {
	count(deny_for({"aws_lb_listener": [listener({"protocol": "HTTP", "default_action": redirect("HTTPS")}, {})]})) == 0
}

test_http_redirect_to_http_denied if {
	count(deny_for({"aws_lb_listener": [listener({"protocol": "HTTP", "default_action": redirect("HTTP")}, {})]})) == 1
}

test_https_passes if {
	count(deny_for({"aws_lb_listener": [listener({"protocol": "HTTPS", "default_action": forward}, {})]})) == 0
}

test_unset_protocol_on_alb_denied if {
	count(deny_for({"aws_lb": [lb({"name": "a"})], "aws_lb_listener": [listener({"default_action": forward}, {})]})) == 1
}

test_unset_protocol_on_nlb_passes if {
	count(deny_for({"aws_lb": [lb({"load_balancer_type": "network"})], "aws_lb_listener": [listener({"default_action": forward}, {})]})) == 0
}

test_unknown_protocol_not_denied if {
	count(deny_for({"aws_lb": [lb({})], "aws_lb_listener": [listener({"default_action": forward}, {"protocol": true})]})) == 0
}

test_unknown_actions_not_denied if {
	count(deny_for({"aws_lb_listener": [listener({"protocol": "HTTP"}, {"default_action": true})]})) == 0
	count(deny_for({"aws_lb_listener": [listener({"protocol": "HTTP", "default_action": [{}]}, {"default_action": [{"type": true}]})]})) == 0
	l := listener({"protocol": "HTTP", "default_action": [{"type": "redirect", "redirect": [{}]}]}, {"default_action": [{"redirect": [{"protocol": true}]}]})
	count(deny_for({"aws_lb_listener": [l]})) == 0
}
