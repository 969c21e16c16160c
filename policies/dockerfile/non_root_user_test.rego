package paved.dockerfile.non_root_user_test

import data.paved.dockerfile.fixtures as fx
import data.paved.dockerfile.non_root_user as p

test_no_user_denied if {
	some v in p.deny with input as fx.one("alpine:3.20", [fx.run("echo hi", 2)])
	v.resource == "Dockerfile"
	contains(v.msg, "sets no USER")
}

test_root_user_denied if {
	some v in p.deny with input as fx.one("alpine:3.20", [fx.user("app", 2), fx.user("0:0", 5)])
	v.location.line == 5
	contains(v.msg, "runs as root")
}

test_root_in_builder_only_passes if {
	d := fx.doc([
		fx.stage(0, "build", fx.from("golang:1.22"), [fx.user("root", 2)]),
		fx.stage(1, "", fx.from("gcr.io/distroless/static"), [fx.user("nonroot", 5)]),
	])
	count(p.deny) == 0 with input as d
}

test_inherited_user_passes if {
	base := fx.stage(0, "base", fx.from("alpine:3.20"), [fx.user("1000", 2)])
	final := object.union(fx.stage(1, "", fx.from_stage("base", 0), []), {"effective_user": "1000"})
	count(p.deny) == 0 with input as fx.doc([base, final])
}

final_on(ref) := fx.one(ref, [fx.run("true", 2)])

# A base image whose publisher documents a non-root default needs no USER.
test_known_nonroot_bases_pass if {
	every ref in [
		"gcr.io/distroless/static-debian12:nonroot",
		"gcr.io/distroless/java21-debian12:debug-nonroot",
		"gcr.io/distroless/base-debian12:nonroot-arm64",
		"gcr.io/distroless/static:nonroot@sha256:1111111111111111111111111111111111111111111111111111111111111111",
		"cgr.dev/chainguard/python:latest",
		"cgr.dev/chainguard/static@sha256:2222222222222222222222222222222222222222222222222222222222222222",
		"cgr.dev/acme.example/node:22-dev",
		"cgr.dev/chainguard/git:latest",
		"nginxinc/nginx-unprivileged:1.27-alpine",
		"docker.io/bitnami/nginx:1.29",
		"mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled",
		"mcr.microsoft.com/dotnet/runtime-deps:9.0-azurelinux3.0-distroless-amd64",
	] {
		count(p.deny) == 0 with input as final_on(ref)
	}
}

test_root_by_default_bases_denied if {
	every ref in [
		"gcr.io/distroless/static-debian12:latest",
		"gcr.io/distroless/static-debian12@sha256:1111111111111111111111111111111111111111111111111111111111111111",
		"cgr.dev/chainguard/go:latest",
		"cgr.dev/chainguard/wolfi-base",
		"cgr.dev/chainguard/git:latest-root",
		"bitnami/python:3.13",
		"mcr.microsoft.com/dotnet/aspnet:8.0",
		"python:3.12-slim",
		"nginx:1.27",
	] {
		some v in p.deny with input as final_on(ref)
		contains(v.msg, "is not one known to run as non-root")
		contains(v.msg, ref)
	}
}

# The table applies to the image the final stage's chain starts from.
test_nonroot_base_through_stages_passes if {
	d := fx.doc([
		fx.stage(0, "build", fx.from("golang:1.22"), [fx.run("go build", 2)]),
		fx.stage(1, "base", fx.from("gcr.io/distroless/static:nonroot"), []),
		fx.stage(2, "", fx.from_stage("base", 1), [fx.run("true", 6)]),
	])
	count(p.deny) == 0 with input as d
}

test_root_base_through_stages_denied if {
	d := fx.doc([
		fx.stage(0, "base", fx.from("gcr.io/distroless/static:nonroot"), []),
		fx.stage(1, "app", fx.from("debian:12"), []),
		fx.stage(2, "", fx.from_stage("app", 1), [fx.run("true", 6)]),
	])
	some v in p.deny with input as d
	contains(v.msg, "debian:12")
}

test_user_root_on_nonroot_base_denied if {
	some v in p.deny with input as fx.one("gcr.io/distroless/static:nonroot", [fx.user("root", 3)])
	contains(v.msg, "runs as root (USER root)")
}

test_scratch_runs_as_root if {
	some v in p.deny with input as final_on("scratch")
	contains(v.msg, "scratch runs as root")
}

test_table_parameter if {
	# An organisation's own base image, added by name.
	count(p.deny) == 0 with input as final_on("registry.acme.example/base/runtime:2026.01")
		with data.params.nonroot_base_images as {"acme": {"images": ["registry.acme.example/base/*"], "tags": ["*"], "user": "10001", "source": "platform team"}}

	# A default entry switched off.
	count(p.deny) == 1 with input as final_on("gcr.io/distroless/static:nonroot")
		with data.params.nonroot_base_images as {"distroless": null}
}

with_base_user(ref, u) := object.union(final_on(ref), {"stages": [object.union(final_on(ref).stages[0], {"base_user": u})]})

# A resolver's reading of the image's config decides over the table.
test_resolved_base_user if {
	count(p.deny) == 0 with input as with_base_user("registry.example/app-base:3", "65532")
	count(p.deny) == 0 with input as with_base_user("registry.example/app-base:3", "app:app")

	some v in p.deny with input as with_base_user("gcr.io/distroless/static:nonroot", "0")
	contains(v.msg, "gcr.io/distroless/static:nonroot runs as root")
	count(p.deny) == 1 with input as with_base_user("registry.example/app-base:3", "")
	count(p.deny) == 1 with input as with_base_user("registry.example/app-base:3", "root:root")

	# Unknown (null) falls back to the table.
	count(p.deny) == 0 with input as with_base_user("gcr.io/distroless/static:nonroot", null)
}

# With an unresolved build argument only a digest argument leaves the
# repository and tag known.
test_unresolved_base_reference if {
	known := object.union(fx.from("cgr.dev/chainguard/static@sha256:"), {"raw": "cgr.dev/chainguard/static@sha256:${DIGEST}", "unresolved": true})
	count(p.deny) == 0 with input as fx.doc([fx.stage(0, "", known, [])])
	tag := object.union(fx.from("cgr.dev/chainguard/git"), {"raw": "cgr.dev/chainguard/git:${TAG}", "unresolved": true})
	count(p.deny) == 1 with input as fx.doc([fx.stage(0, "", tag, [])])
}

# A FROM-only Dockerfile builds nothing of its own: its missing USER is
# reported without blocking; one RUN makes it an image of its own again.
test_from_only_is_advisory if {
	some v in p.deny with input as fx.one("golang:1.26.5", [])
	v.advisory
	contains(v.msg, "FROM line and nothing else")
	built := p.deny with input as fx.one("golang:1.26.5", [fx.run("true", 2)])
	count(built) == 1
	every w in built {
		not w.advisory
	}
}

# Every finding in a Dockerfile under tests/ is advisory and says why.
test_test_dockerfile_is_advisory if {
	doc := object.union(fx.one("bats-jenkins", [fx.run("true", 2)]), {"path_context": {"context": "test", "reason": "under tests/, where tests live"}})
	some v in p.deny with input as doc
	v.advisory
	contains(v.msg, "under tests/, where tests live, so its image is built for tests")
	example := p.deny with input as object.union(doc, {"path_context": {"context": "example", "reason": "under examples/"}})
	count(example) == 1
	every w in example {
		not w.advisory
	}
}
