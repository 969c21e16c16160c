# Base images whose publisher documents that they run as a non-root user by
# default: a final stage built on one needs no USER line of its own (policy
# DF-001, policies/dockerfile/non_root_user.rego). This is what the
# publishers say, read from their sources; it is not the image's config.
# When a base image's config can be looked up (a BaseResolver in
# engine/dockerfile fills the stage's base_user), that config wins over
# this table.
#
# Each entry, by name:
#   images  globs over the repository, "/" separating segments; Docker Hub
#           names without docker.io/ and library/ (see repository below)
#   tags    globs over the tag; "*" also matches a reference by digest alone
#   except  tags (globs) of those images that run as root
#   user    the user the images run as, for messages and readers
#   source  where the publisher says so
#
# The parameter nonroot_base_images (--data) adds entries or replaces them
# by name; an entry set to null or false is dropped, e.g.
#
#   nonroot_base_images:
#     acme-base: {images: [registry.acme.io/base/*], tags: ["*"], user: "10001", source: "platform team"}
#     bitnami: null
#
# Deliberately not listed: Docker Hardened Images (dhi.io), whose
# documentation says runtime variants only "typically" run as nonroot;
# official language images (python, node, golang…), which ship a user but
# run as root; Bitnami images other than the two below, which run as root
# (bitnami/python, for one, sets no USER).
package paved.lib.dockerfile_bases

import data.paved.lib.dockerfile as df

defaults := {
	"distroless": {
		"images": ["gcr.io/distroless/*"],
		"tags": ["nonroot", "nonroot-*", "*-nonroot", "*-nonroot-*"],
		"user": "nonroot (65532)",
		"source": "GoogleContainerTools/distroless README: the nonroot and debug-nonroot tags (and their architecture suffixes) run as nonroot, uid 65532",
	},
	"chainguard": {
		# The images of chainguard-images/images whose locked_config.json
		# sets run-as to a non-root user, in every variant (-dev too).
		# Not listed because they run as root: apko, bash, docker-dind,
		# gcc-glibc, go, k3s, melange, min-toolkit-debug, postgres,
		# wolfi-base, and git's -root tags (excepted below).
		"images": [sprintf("cgr.dev/*/%s", [n]) | some n in [
			"aspnet-runtime", "busybox", "busybox-static", "cosign", "crane", "curl",
			"dotnet-runtime", "dotnet-sdk", "git", "glibc-dynamic", "gradle", "grype",
			"haproxy", "helm", "jdk", "jre", "ko", "kubectl", "laravel", "mariadb", "maven",
			"minio", "minio-client", "mongodb", "nginx", "node", "opentelemetry-collector-contrib",
			"php", "php-fpm", "python", "pytorch", "redis", "ruby", "rust", "static", "tomcat",
			"valkey", "wordpress",
		]],
		"tags": ["*"],
		"except": ["*-root"],
		"user": "nonroot (65532), or the software's own user (haproxy, redis)",
		"source": "chainguard-images/images BEST_PRACTICES.md (Users: run-as) and each image's locked_config.json",
	},
	"nginx-unprivileged": {
		"images": ["nginxinc/nginx-unprivileged", "ghcr.io/nginxinc/nginx-unprivileged", "public.ecr.aws/nginx/nginx-unprivileged"],
		"tags": ["*"],
		"user": "nginx (101)",
		"source": "nginxinc/docker-nginx-unprivileged: every Dockerfile ends with USER $UID (101)",
	},
	"dotnet-distroless": {
		"images": [sprintf("mcr.microsoft.com/dotnet/%s%s", [channel, repo]) |
			some channel in ["", "nightly/"]
			some repo in ["runtime-deps", "runtime", "aspnet"]
		],
		"tags": ["*-chiseled", "*-chiseled-*", "*-distroless", "*-distroless-*"],
		"user": "app (1654)",
		"source": "dotnet/dotnet-docker documentation/distroless.md: Ubuntu Chiseled and Azure Linux distroless images use a non-root user by default",
	},
	"bitnami": {
		"images": ["bitnami/nginx", "bitnami/apache", "bitnamilegacy/nginx", "bitnamilegacy/apache"],
		"tags": ["*"],
		"user": "1001",
		"source": "bitnami/containers: the nginx and apache Dockerfiles end with USER 1001",
	},
}

# table is defaults with the nonroot_base_images parameter laid over it.
table := {name: e |
	some name, e in object.union(defaults, df.params("nonroot_base_images", {}))
	is_object(e)
}

# repository(image) is an image name as the table spells it: Docker Hub's
# implicit registry and library/ namespace removed.
repository(image) := r if {
	n := lower(trim_prefix(trim_prefix(trim_prefix(image, "docker.io/"), "index.docker.io/"), "registry-1.docker.io/"))
	r := trim_prefix(n, "library/")
}

# matches(from) is the entries (each with its name) whose images and tags
# cover a FROM reference (the document's From), in name order; [] when none.
matches(from) := [object.union(e, {"name": name}) |
	some name, e in table
	covers(e, from)
]

covers(e, from) if {
	repo := repository(from.image)
	some ig in e.images
	glob.match(lower(ig), ["/"], repo)
	some tg in e.tags
	glob.match(tg, null, from.tag)
	not excepted(e, from.tag)
}

excepted(e, tag) if {
	some x in object.get(e, "except", [])
	glob.match(x, null, tag)
}
