package paved.dockerfile.env_secrets_test

import data.paved.dockerfile.env_secrets as p
import data.paved.dockerfile.fixtures as fx

test_env_token_denied_without_value if {
	d := fx.one("alpine:3.20", [fx.pair_instr("env", "API_TOKEN", "s3cr3t-value", 4)])
	some v in p.deny with input as d
	v.resource == "Dockerfile"
	v.location.line == 4
	contains(v.msg, "ENV API_TOKEN")
	not contains(v.msg, "s3cr3t-value")
}

test_global_arg_denied if {
	d := object.union(fx.one("alpine:3.20", []), {"args": [{"key": "DB_PASSWORD", "value": "hunter2", "raw": "hunter2", "has_value": true, "literal": true, "line": 1}]})
	some v in p.deny with input as d
	contains(v.msg, "ARG DB_PASSWORD")
	not contains(v.msg, "hunter2")
}

test_references_paths_and_plain_names_pass if {
	d := fx.one("alpine:3.20", [
		fx.pair_instr("env", "GITHUB_TOKEN", "$GITHUB_TOKEN", 2),
		fx.pair_instr("env", "SECRET_FILE", "/run/secrets/db", 3),
		fx.pair_instr("arg", "API_KEY", "", 4),
		fx.pair_instr("env", "PORT", "8080", 5),
	])
	count(p.deny) == 0 with input as d
}
