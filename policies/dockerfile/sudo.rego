# METADATA
# title: RUN does not use sudo
# description: |
#   Build steps run as the current USER; sudo in a Dockerfile means sudo is
#   installed and configured in the image, which lets whoever runs code in
#   the container become root, and its tty and environment handling make
#   builds unpredictable. Switch USER around the steps that need root
#   instead.
#
#   ONBUILD RUN triggers are judged too: they run in every image built
#   FROM this one.
#
#   Peers: the same rule as hadolint DL3004 (sudo as a command of a RUN or
#   an ONBUILD RUN, heredocs included), which documents no exception.
#   Checkov CKV2_DOCKER_1 matches " sudo " anywhere in a RUN, so it also
#   fails sudo as an argument (apt-get install sudo curl, installing the
#   package); paved flags sudo only where it runs as a command.
# custom:
#   id: DF-009
#   severity: medium
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [NIST-800-53:AC-6, CIS-Docker-4.1]
#   related: [DL3004, CKV2_DOCKER_1]
#   remediation: |
#     Drop sudo: put USER root before the steps that need it and
#     USER <app user> after them (or do them in a build stage), and do not
#     install sudo in the image.
#   enforcement: deny
package paved.dockerfile.sudo

import data.paved.lib.dockerfile as df

deny contains df.at(s, r.instruction, msg) if {
	some s in input.stages
	some r in df.runs_and_triggers(s)
	some c in r.commands
	regex.match(`^(\S+=\S*\s+)*sudo(\s|$)`, c)
	msg := sprintf("%s at line %d uses sudo", [r.what, r.instruction.line])
}
