# METADATA
# title: Images are built on a base from an approved registry
# description: |
#   The base image is most of what runs: its packages, its defaults, its
#   publisher's patch cadence. Organisations keep a short list of registries
#   whose images they vet or mirror. The base is read from the image's
#   org.opencontainers.image.base.name annotation (docker buildx, ko, jib,
#   apko and Buildpacks write it); an image that does not say its base fails
#   too, since its base cannot be judged. The name is matched as the loader
#   parses it (base.repository): Docker Hub spelled docker.io/library/… for
#   its official images however the annotation writes them (alpine,
#   index.docker.io/library/alpine). approved_base_registries lists the
#   registries: a host (every repository in it), a repository, or a
#   host/path prefix ending in *; by default the well-known publishers of
#   minimal bases: Docker Hub's official images, gcr.io/distroless, cgr.dev
#   (Chainguard), mcr.microsoft.com, registry.access.redhat.com and
#   public.ecr.aws.
# custom:
#   id: IMG-005
#   severity: medium
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:CM-2, NIST-800-53:SR-3, CIS-Docker-4.2]
#   related: []
#   remediation: |
#     Build on an image from an approved registry (or mirror the base into
#     one), and let the builder record it: docker buildx writes the base
#     annotations with --provenance or BUILDX_METADATA; otherwise add
#     org.opencontainers.image.base.name and .base.digest to the manifest.
#     To approve a registry, add it to approved_base_registries.
#   enforcement: deny
package paved.image.base_registry

import data.paved.lib.image

default_registries := [
	"docker.io/library/*",
	"gcr.io/distroless/*",
	"cgr.dev/*",
	"mcr.microsoft.com/*",
	"registry.access.redhat.com/*",
	"public.ecr.aws/*",
]

approved := image.params("approved_base_registries", default_registries)

base := object.get(input, "base", {})

base_name := object.get(base, "name", "")

# repository is the base name parsed by the loader, "" when it is none.
repository := object.get(base, "repository", "")

deny contains image.result(msg) if {
	base_name == ""
	msg := sprintf("%s does not say which base image it is built on (no org.opencontainers.image.base.name annotation), so its base cannot be judged", [image.name])
}

deny contains image.result(msg) if {
	base_name != ""
	repository == ""
	msg := sprintf("%s names its base %s, which is not an image reference, so its registry cannot be judged", [image.name, base_name])
}

deny contains image.result(msg) if {
	repository != ""
	not approved_repository
	msg := sprintf("%s is built on %s, which is not from an approved registry", [image.name, base_name])
}

approved_repository if image.matches(repository, approved)

# A pattern without a "/" is a registry host: every repository in it.
approved_repository if {
	some p in approved
	not contains(p, "/")
	startswith(repository, concat("", [p, "/"]))
}
