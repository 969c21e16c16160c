# METADATA
# title: WORKDIR is an absolute path
# description: |
#   A relative WORKDIR resolves against whatever the previous WORKDIR was,
#   possibly set in a base image the Dockerfile does not show, so the
#   directory files land in can change when the base image does. A path
#   starting with a variable ($HOME/app) passes.
#
#   Peers: the exceptions of hadolint DL3000: quotes are ignored, and a
#   path starting with a variable or a Windows drive (C:\app, C:/app) counts
#   as absolute. Checkov CKV_DOCKER_10 makes the same exceptions, two of
#   them narrower: it strips double quotes only (WORKDIR '/app' fails
#   there) and takes a drive only before a backslash (C:/app fails there);
#   paved follows hadolint in both.
# custom:
#   id: DF-010
#   severity: low
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [NIST-800-53:CM-2]
#   related: [DL3000, CKV_DOCKER_10]
#   tags: [golden-path]
#   remediation: |
#     Write the full path: WORKDIR /app rather than WORKDIR app.
#   enforcement: warn
package paved.dockerfile.workdir_absolute

import data.paved.lib.dockerfile as df

deny contains df.at(s, i, msg) if {
	some s in input.stages
	some i in df.instructions(s, "workdir")
	dir := trim(i.args[0], `"'`)
	not regex.match(`^([/$\\]|[A-Za-z]:)`, dir)
	msg := sprintf("WORKDIR %s at line %d is relative", [dir, i.line])
}
