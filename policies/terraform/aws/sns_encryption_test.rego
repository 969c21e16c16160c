package paved.terraform.aws.sns_encryption_test

import data.paved.terraform.aws.sns_encryption as p

topic(values, unknown) := {
	"address": "aws_sns_topic.this", "base_address": "aws_sns_topic.this", "index": null,
	"type": "aws_sns_topic", "module": "", "file": "main.tf", "line": 1,
	"values": object.union({"name": "t"}, values), "unknown": unknown,
}

deny_for(t) := d if {
	d := p.deny with input as {"resources": {"aws_sns_topic": [t]}}
}

test_unencrypted_topic_denied if {
	some v in deny_for(topic({}, {}))
	v.resource == "aws_sns_topic.this"
}

test_encrypted_topic_passes if {
	count(deny_for(topic({"kms_master_key_id": "alias/aws/sns"}, {}))) == 0
}

test_unknown_key_not_denied if {
	count(deny_for(topic({}, {"kms_master_key_id": true}))) == 0
}
