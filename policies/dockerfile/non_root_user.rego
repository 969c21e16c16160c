# METADATA
# title: The final stage runs as a non-root user
# description: |
#   A container whose process runs as root turns any code execution bug into
#   root in the container, one kernel flaw away from the host. The image
#   should say which unprivileged user runs it; without a USER, Docker runs
#   the process as the base image's user, root unless the base image chose
#   otherwise. USER written with a variable is taken as chosen deliberately.
#
#   A Dockerfile that is a FROM line and nothing else builds nothing of its
#   own; such files pin a version for Dependabot or a build script, so a
#   missing USER there is reported without blocking. So is every finding in
#   a Dockerfile under tests/, testdata/, fixtures/ and the like, whose image
#   is built for a test run (the Dockerfile library's rule).
#
#   A final stage without USER passes when its base image (through FROM
#   <earlier stage>, the image the chain starts from) is one whose publisher
#   documents a non-root default: distroless :nonroot and :debug-nonroot
#   tags, Chainguard images (except the few that run as root),
#   nginx-unprivileged, .NET chiseled and distroless images, Bitnami's nginx
#   and apache. The table, with each entry's source, is
#   policies/lib/dockerfile_bases.rego; the nonroot_base_images parameter
#   adds or removes entries. When a resolver looked the base image up
#   (base_user in the input), its config decides instead. scratch has no
#   user and runs as root.
#
#   Peers: only the final stage is judged, since a build stage's user never
#   runs in production: hadolint DL3002 flags a root USER as the last of any
#   stage, and Checkov CKV_DOCKER_3 passes a USER in any stage, a build
#   stage's too. Like CKV_DOCKER_3, and unlike DL3002, a missing USER fails,
#   but only when the base image is not known to run as non-root; neither
#   peer looks at the base image. Root is USER root or 0 with or without a
#   group (CKV_DOCKER_8 matches the word root alone, so USER 0 passes there).
# custom:
#   id: DF-001
#   severity: high
#   kind: dockerfile
#   resource_types: []
#   controls: [CIS-Docker-4.1, NIST-800-53:AC-6, SOC2:CC6.1]
#   related: [CKV_DOCKER_3, CKV_DOCKER_8, DL3002]
#   remediation: |
#     Create an unprivileged user in the final stage (or use a base image's,
#     such as distroless's nonroot, 65532) and end the stage with
#     USER <name or uid>, e.g. USER 65532:65532. Run steps that need root
#     before it, or in an earlier build stage. If the base image runs as
#     non-root by itself but is not in paved's table, add it with the
#     nonroot_base_images parameter, or write the USER out anyway.
#   enforcement: deny
package paved.dockerfile.non_root_user

import data.paved.lib.dockerfile as df
import data.paved.lib.dockerfile_bases as bases

# base is the stage the final stage's image starts from.
base := df.origin(df.final)

deny contains finding(df.final.line, msg) if {
	df.final.effective_user == ""
	not base_user_known
	not listed
	msg := sprintf("The final stage (%s) sets no USER, and its base image %s is not one known to run as non-root, so the container runs as root unless that image sets a user", [df.final.address, base.from.raw])
}

deny contains finding(df.final.line, msg) if {
	df.final.effective_user == ""
	base_user_known
	root_or_unset(base_user)
	msg := sprintf("The final stage (%s) sets no USER, and its base image %s runs as root", [df.final.address, base.from.raw])
}

deny contains df.target_result(line, msg) if {
	root(df.final.effective_user)
	line := user_line(df.final)
	msg := sprintf("The final stage (%s) runs as root (USER %s)", [df.final.address, df.final.effective_user])
}

# only_from holds for a Dockerfile that is one FROM line and nothing else:
# it builds nothing of its own, and such files are kept to pin a base
# image's version where Dependabot or a build script reads it.
only_from if {
	count(input.stages) == 1
	count(df.final.instructions) == 0
}

# finding is a denial about the missing USER: advisory for a FROM-only file.
finding(line, msg) := df.advisory_result(line, sprintf("%s; reported without blocking, as the Dockerfile is a FROM line and nothing else (a file that pins a version for Dependabot or a build script); if its image is deployed as it is, it runs as its base image's user", [msg])) if {
	only_from
} else := df.target_result(line, msg)

# base_user is the default user of the base image when it is known: from a
# resolver that read the image's config, or scratch, which has none.
base_user := u if {
	u := object.get(df.final, "base_user", null)
	u != null
} else := "" if {
	base.from.scratch
}

base_user_known if base_user != null

# listed holds when the table of non-root bases covers the base image. A
# reference with an unresolved build argument is looked up only when the
# argument is its digest: the repository and tag are then known.
listed if {
	not base.from.unresolved
	count(bases.matches(base.from)) > 0
}

listed if {
	base.from.unresolved
	not contains(split(base.from.raw, "@")[0], "$")
	count(bases.matches(base.from)) > 0
}

root(u) if lower(split(u, ":")[0]) in {"root", "0"}

root_or_unset(u) if root(u)

root_or_unset("")

user_line(s) := l if {
	users := df.instructions(s, "user")
	l := users[count(users) - 1].line
} else := s.line
