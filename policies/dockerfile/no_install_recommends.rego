# METADATA
# title: apt-get install skips recommended packages
# description: |
#   Without --no-install-recommends, apt installs every package the ones you
#   asked for recommend: a larger image and a larger attack surface, with
#   packages nobody chose or patches deliberately.
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
	some r in df.runs(s)
	some c in r.commands
	regex.match(`^(sudo\s+)?apt(-get)?\s.*\binstall\b`, c)
	not df.has_word(c, "--no-install-recommends")
	not contains(c, "Install-Recommends=false")
	not contains(df.script(r.instruction), "APT::Install-Recommends")
	msg := sprintf("RUN at line %d runs apt install without --no-install-recommends", [r.instruction.line])
}
