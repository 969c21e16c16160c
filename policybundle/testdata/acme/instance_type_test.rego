package acme.instance_type_test

import data.acme.instance_type

test_denied if {
	count(instance_type.deny) == 1 with input as {"resources": {"aws_instance": [{"address": "aws_instance.a", "file": "m.tf", "line": 1, "values": {"instance_type": "m5.24xlarge"}}]}}
}

test_allowed if {
	count(instance_type.deny) == 0 with input as {"resources": {"aws_instance": [{"address": "aws_instance.a", "file": "m.tf", "line": 1, "values": {"instance_type": "t3.micro"}}]}}
}
