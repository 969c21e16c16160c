package paved.image.env_secrets_test

import data.paved.image.env_secrets as p
import data.paved.image.fixtures as fx

test_plain_env_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_redacted_env_fails_without_value if {
	env := [{"name": "PATH", "value": "/usr/bin", "redacted": false}, {"name": "GITHUB_TOKEN", "value": "<redacted>", "redacted": true}]
	some v in p.deny with input as fx.config_with({"env": env})
	contains(v.msg, "environment variable(s) GITHUB_TOKEN in its config")
	not contains(v.msg, "<redacted>")
}
