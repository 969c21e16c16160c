package paved.image.base_registry_test

import data.paved.image.base_registry as p
import data.paved.image.fixtures as fx

# based(name, repository) is the fixture built on name, which the loader
# parsed to repository (engine/image baseRepository).
based(name, repository) := fx.with_({"base": {"name": name, "digest": "", "repository": repository}})

test_approved_bases_pass if {
	every name, repository in {
		"gcr.io/distroless/static-debian12:nonroot": "gcr.io/distroless/static-debian12",
		"alpine:3.20": "docker.io/library/alpine",
		"library/debian:12": "docker.io/library/debian",
		"docker.io/library/python:3.13-slim": "docker.io/library/python",
		"cgr.dev/chainguard/static:latest": "cgr.dev/chainguard/static",
	} {
		count(p.deny) == 0 with input as based(name, repository)
	}
}

# Docker Hub's index.docker.io spelling is judged by the repository the
# loader parsed, not by the name as written.
test_index_docker_io_base_passes if {
	count(p.deny) == 0 with input as based("index.docker.io/library/alpine:3.20", "docker.io/library/alpine")
}

test_unapproved_base_fails if {
	some v in p.deny with input as based("randomuser/ubuntu-tools:latest", "docker.io/randomuser/ubuntu-tools")
	contains(v.msg, "built on randomuser/ubuntu-tools:latest, which is not from an approved registry")
	some w in p.deny with input as based("quay.io/someone/base:1", "quay.io/someone/base")
	contains(w.msg, "quay.io/someone/base:1")
}

test_unknown_base_fails if {
	some v in p.deny with input as based("", "")
	contains(v.msg, "does not say which base image")
}

test_unparsed_base_fails if {
	ds := p.deny with input as based("<redacted>", "")
	count(ds) == 1
	some v in ds
	endswith(v.msg, "names its base <redacted>, which is not an image reference, so its registry cannot be judged")
}

test_parameter if {
	count(p.deny) == 0 with input as based("registry.acme.example/base/go:1", "registry.acme.example/base/go")
		with data.params.approved_base_registries as ["registry.acme.example/base/*"]
}

# A host alone approves every repository in it; a repository, itself.
test_parameter_host_and_repository if {
	count(p.deny) == 0 with input as based("quay.io/someone/base:1", "quay.io/someone/base")
		with data.params.approved_base_registries as ["quay.io"]
	count(p.deny) == 0 with input as based("quay.io/someone/base:1", "quay.io/someone/base")
		with data.params.approved_base_registries as ["quay.io/someone/base"]
	count(p.deny) == 1 with input as based("quay.io.evil.example/base:1", "quay.io.evil.example/base")
		with data.params.approved_base_registries as ["quay.io"]
}
