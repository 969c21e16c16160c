# METADATA
# title: Load balancer TLS listeners use a current security policy
# description: |
#   Outdated ELB security policies still negotiate TLS 1.0/1.1 or weak ciphers,
#   which lets an attacker downgrade and break client connections. A TLS or
#   HTTPS listener without ssl_policy gets the API default
#   ELBSecurityPolicy-2016-08, one of them.
#
#   Peers: Trivy AVD-AWS-0047 uses the same list but passes a listener with
#   no ssl_policy. Checkov CKV_AWS_103 accepts any policy whose name starts
#   with ELBSecurityPolicy-TLS13, so it passes
#   ELBSecurityPolicy-TLS13-1-0-2021-06 and ELBSecurityPolicy-TLS13-1-1-2021-06,
#   which still accept TLS 1.0 and 1.1 and which paved fails. It also fails
#   plain HTTP listeners, which paved reports under TF-AWS-ELB-001 instead.
# custom:
#   id: TF-AWS-ELB-002
#   severity: high
#   kind: terraform
#   resource_types: [aws_lb_listener, aws_alb_listener]
#   controls: [NIST-800-53:SC-8, NIST-800-53:SC-13, SOC2:CC6.7]
#   related: [CKV_AWS_103, AVD-AWS-0047]
#   remediation: |
#     Set ssl_policy to a TLS 1.2+ policy such as
#     ELBSecurityPolicy-TLS13-1-2-2021-06 (or ELBSecurityPolicy-TLS13-1-3-2021-06
#     / ELBSecurityPolicy-TLS13-1-2-Res-2021-06).
#   enforcement: deny
package paved.terraform.aws.elb_tls_policy

import data.paved.lib.tf

# Trivy's list (AVD-AWS-0047): policies that accept TLS 1.0/1.1 or weak ciphers.
outdated := {
	"ELBSecurityPolicy-2015-05",
	"ELBSecurityPolicy-2016-08",
	"ELBSecurityPolicy-FS-2018-06",
	"ELBSecurityPolicy-FS-1-1-2019-08",
	"ELBSecurityPolicy-TLS-1-0-2015-04",
	"ELBSecurityPolicy-TLS-1-1-2017-01",
	"ELBSecurityPolicy-TLS13-1-0-2021-06",
	"ELBSecurityPolicy-TLS13-1-1-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
}

listeners := array.concat(tf.resources("aws_lb_listener"), tf.resources("aws_alb_listener"))

deny contains tf.result_at(l, "ssl_policy", msg) if {
	some l in listeners
	l.values.protocol in {"HTTPS", "TLS"}
	policy := l.values.ssl_policy
	policy in outdated
	msg := sprintf("Load balancer listener %s uses the outdated TLS policy %s", [l.address, policy])
}

deny contains tf.result_at(l, "protocol", msg) if {
	some l in listeners
	l.values.protocol in {"HTTPS", "TLS"}
	not tf.is_unknown(l, ["ssl_policy"])
	tf.value(l, ["ssl_policy"], "") in {"", null}
	msg := sprintf("%s listener %s sets no ssl_policy, so it gets the API default ELBSecurityPolicy-2016-08 (TLS 1.0 and 1.1)", [l.values.protocol, l.address])
}
