# METADATA
# title: apt-get install skips recommended packages
# description: |
#   Without --no-install-recommends, apt installs every package the ones you
#   asked for recommend: a larger image and a larger attack surface, with
#   packages nobody chose or patches deliberately.
#
#   Peers: like hadolint DL3015, --no-install-recommends and
#   -o APT::Install-Recommends=false pass; paved also accepts the option
#   set in apt.conf.d within the same RUN, and judges apt install as well
#   as apt-get install. ONBUILD RUN triggers are judged like RUN, as DL3015
#   does. Unlike DL3015, build stages the image is not built from are not
#   judged, ONBUILD triggers included: what they install never ships (the
#   stage rule hadolint applies to DL3009).
# custom:
#   id: DF-008
#   severity: low
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [CIS-Docker-4.3, NIST-800-53:CM-7]
#   related: [DL3015]
#   tags: [golden-path]
#   remediation: |
#     Write apt-get install -y --no-install-recommends <packages>, or set
#     APT::Install-Recommends "false" in /etc/apt/apt.conf.d first.
#   enforcement: warn
package paved.dockerfile.no_install_recommends

import data.paved.lib.dockerfile as df

deny contains df.at(s, r.instruction, msg) if {
	some s in input.stages
	df.shipped(s)
	some r in df.runs_and_triggers(s)
	some c in r.commands
	regex.match(`^apt(-get)?\s.*\binstall\b`, df.invocation(c))
	not df.has_word(c, "--no-install-recommends")
	not contains(c, "Install-Recommends=false")
	not contains(df.script(r.instruction), "APT::Install-Recommends")
	msg := sprintf("%s at line %d runs apt install without --no-install-recommends", [r.what, r.instruction.line])
}
