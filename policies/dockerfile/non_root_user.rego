# METADATA
# title: The final stage runs as a non-root user
# description: |
#   A container whose process runs as root turns any code execution bug into
#   root in the container, one kernel flaw away from the host. The image
#   should say which unprivileged user runs it; without a USER, Docker runs
#   the process as root unless the base image chose otherwise, which the
#   Dockerfile does not show. USER written with a variable is taken as
#   chosen deliberately.
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
#     before it, or in an earlier build stage.
#   enforcement: deny
package paved.dockerfile.non_root_user

import data.paved.lib.dockerfile as df

deny contains df.target_result(df.final.line, msg) if {
	df.final.effective_user == ""
	msg := sprintf("The final stage (%s) sets no USER, so the container runs as root unless its base image says otherwise", [df.final.address])
}

deny contains df.target_result(line, msg) if {
	root(df.final.effective_user)
	line := user_line(df.final)
	msg := sprintf("The final stage (%s) runs as root (USER %s)", [df.final.address, df.final.effective_user])
}

root(u) if lower(split(u, ":")[0]) in {"root", "0"}

user_line(s) := l if {
	users := df.instructions(s, "user")
	l := users[count(users) - 1].line
} else := s.line
