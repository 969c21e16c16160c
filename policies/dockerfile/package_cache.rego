# METADATA
# title: Package manager caches stay out of the image
# description: |
#   Package indexes and download caches left in a layer add tens of
#   megabytes to every pull and stale metadata to the image, and deleting
#   them in a later RUN does not shrink the earlier layer. apt-get update
#   needs rm -rf /var/lib/apt/lists/* in the same RUN, apk add needs
#   --no-cache, pip install needs --no-cache-dir (or PIP_NO_CACHE_DIR set,
#   in the RUN or by ENV in the stage or a stage it builds on); a RUN
#   --mount=type=cache (or tmpfs) on the cache directory keeps it out of the
#   image too.
#
#   ONBUILD RUN triggers are judged like RUN: they run in every image built
#   FROM this one.
#
#   Peers: hadolint's exceptions are adopted. As for DL3009, the index is
#   what apt update writes, so the update is what is judged, and only stages
#   the image is built from (the final stage and those it builds on through
#   FROM <stage>) count: a build stage's layers never reach the image, only
#   files COPY --from picks. paved applies that stage rule to apk and pip
#   too (DL3019 and DL3042 judge every stage), and to ONBUILD triggers
#   (hadolint judges them in every stage), for the same reason. A cache
#   mount on /var/lib/apt passes on its own, since it keeps the index out;
#   DL3009 then also wants /var/cache/apt mounted, for the downloaded
#   packages that stay when the Dockerfile removes the base image's
#   docker-clean hook, a cache paved does not judge. As for DL3042, pipx
#   and pipenv are not pip, and a cache mount on any .cache/pip passes.
# custom:
#   id: DF-006
#   severity: low
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [CIS-Docker-4.3, NIST-800-53:CM-7]
#   related: [DL3009, DL3019, DL3042]
#   tags: [golden-path]
#   remediation: |
#     apt: end the RUN that runs apt-get update with && rm -rf
#     /var/lib/apt/lists/*. apk: apk add --no-cache …. pip: pip install
#     --no-cache-dir … (or set PIP_NO_CACHE_DIR=1). Or mount a build cache:
#     RUN --mount=type=cache,target=/var/lib/apt ….
#   enforcement: warn
package paved.dockerfile.package_cache

import data.paved.lib.dockerfile as df

deny contains df.at(s, r.instruction, msg) if {
	some s in input.stages
	df.shipped(s)
	some r in df.runs_and_triggers(s)
	some c in r.commands
	regex.match(`^(apt|apt-get|aptitude)\s(.*\s)?update(\s|$)`, df.invocation(c))
	not contains(df.script(r.instruction), "/var/lib/apt/lists")
	not df.cache_mount(r.instruction, "/var/lib/apt")
	msg := sprintf("%s at line %d runs apt update without removing /var/lib/apt/lists in the same RUN", [r.what, r.instruction.line])
}

deny contains df.at(s, r.instruction, msg) if {
	some s in input.stages
	df.shipped(s)
	some r in df.runs_and_triggers(s)
	some c in r.commands
	regex.match(`^apk\s.*\badd\b`, df.invocation(c))
	not df.has_word(c, "--no-cache")
	not df.cache_mount(r.instruction, "/var/cache/apk")
	msg := sprintf("%s at line %d runs apk add without --no-cache", [r.what, r.instruction.line])
}

deny contains df.at(s, r.instruction, msg) if {
	some s in input.stages
	df.shipped(s)
	some r in df.runs_and_triggers(s)
	some c in r.commands
	regex.match(`^(\S*/)?(pip[0-9.]*|python[0-9.]*\s+-m\s+pip)\s.*\binstall\b`, df.invocation(c))
	not df.has_word(c, "--no-cache-dir")
	not pip_no_cache_env(s)
	not regex.match(`(?i)(^|\s)PIP_NO_CACHE_DIR=["']?(1|true|yes|on)\b`, df.script(r.instruction))
	not df.cache_mount(r.instruction, `(/root/\.cache|\S*/\.cache/pip)`)
	msg := sprintf("%s at line %d runs pip install without --no-cache-dir", [r.what, r.instruction.line])
}

# pip_no_cache_env(s) holds when ENV sets PIP_NO_CACHE_DIR in s or in a
# stage s builds on, which s inherits.
pip_no_cache_env(s) if {
	some a in df.lineage(s)
	some i in df.instructions(a, "env")
	some p in i.pairs
	p.key == "PIP_NO_CACHE_DIR"
	lower(p.value) in {"1", "true", "yes", "on"}
}
