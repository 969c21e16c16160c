# METADATA
# title: Package manager caches stay out of the image
# description: |
#   Package indexes and download caches left in a layer add tens of
#   megabytes to every pull and stale metadata to the image, and deleting
#   them in a later RUN does not shrink the earlier layer. apt-get install
#   needs rm -rf /var/lib/apt/lists/* in the same RUN, apk add needs
#   --no-cache, pip install needs --no-cache-dir; a RUN --mount=type=cache
#   on the cache directory keeps it out of the image too.
# custom:
#   id: DF-006
#   severity: low
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [CIS-Docker-4.3, NIST-800-53:CM-7]
#   related: [DL3009, DL3019, DL3042]
#   tags: [golden-path]
#   remediation: |
#     apt: end the RUN with && rm -rf /var/lib/apt/lists/*. apk: apk add
#     --no-cache …. pip: pip install --no-cache-dir … (or set
#     PIP_NO_CACHE_DIR=1). Or mount a build cache: RUN
#     --mount=type=cache,target=/var/cache/apt ….
#   enforcement: warn
package paved.dockerfile.package_cache

import data.paved.lib.dockerfile as df

deny contains df.at(s, r.instruction, msg) if {
	some s in input.stages
	some r in df.runs(s)
	some c in r.commands
	regex.match(`^(sudo\s+)?apt(-get)?\s.*\binstall\b`, c)
	not contains(df.script(r.instruction), "/var/lib/apt/lists")
	not df.cache_mount(r.instruction, "/var/lib/apt")
	msg := sprintf("RUN at line %d installs apt packages without removing /var/lib/apt/lists in the same RUN", [r.instruction.line])
}

deny contains df.at(s, r.instruction, msg) if {
	some s in input.stages
	some r in df.runs(s)
	some c in r.commands
	regex.match(`^(sudo\s+)?apk\s.*\badd\b`, c)
	not df.has_word(c, "--no-cache")
	not df.cache_mount(r.instruction, "/var/cache/apk")
	msg := sprintf("RUN at line %d runs apk add without --no-cache", [r.instruction.line])
}

deny contains df.at(s, r.instruction, msg) if {
	some s in input.stages
	some r in df.runs(s)
	some c in r.commands
	regex.match(`^(sudo\s+)?(pip3?|python3?\s+-m\s+pip)\s.*\binstall\b`, c)
	not df.has_word(c, "--no-cache-dir")
	not pip_no_cache_env(s)
	not df.cache_mount(r.instruction, "/root/.cache")
	msg := sprintf("RUN at line %d runs pip install without --no-cache-dir", [r.instruction.line])
}

pip_no_cache_env(s) if {
	some i in df.instructions(s, "env")
	some p in i.pairs
	p.key == "PIP_NO_CACHE_DIR"
	lower(p.value) in {"1", "true", "yes", "on"}
}
