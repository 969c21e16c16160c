package paved.image.base_registry_test

import data.paved.image.base_registry as p
import data.paved.image.fixtures as fx

test_approved_bases_pass if {
	every b in ["gcr.io/distroless/static-debian12:nonroot", "alpine:3.20", "library/debian:12", "docker.io/library/python:3.13-slim", "cgr.dev/chainguard/static:latest"] {
		count(p.deny) == 0 with input as fx.with_({"base": {"name": b, "digest": ""}})
	}
}

test_unapproved_base_fails if {
	some v in p.deny with input as fx.with_({"base": {"name": "randomuser/ubuntu-tools:latest", "digest": ""}})
	contains(v.msg, "built on randomuser/ubuntu-tools:latest, which is not from an approved registry")
	some w in p.deny with input as fx.with_({"base": {"name": "quay.io/someone/base:1", "digest": ""}})
	contains(w.msg, "quay.io/someone/base:1")
}

test_unknown_base_fails if {
	some v in p.deny with input as fx.with_({"base": {"name": "", "digest": ""}})
	contains(v.msg, "does not say which base image")
}

test_parameter if {
	count(p.deny) == 0 with input as fx.with_({"base": {"name": "registry.acme.example/base/go:1", "digest": ""}})
		with data.params.approved_base_registries as ["registry.acme.example/base/*"]
}
