# METADATA
# title: ENV and ARG carry no literal secrets
# description: |
#   ENV values are stored in the image's configuration and ARG values in its
#   build history: anyone who can pull the image can read them. A variable
#   named like a credential (password, secret, token, api key, private or
#   access key, credentials) with a literal value in the Dockerfile is a
#   leaked secret. Values taken from another variable ($X), ARGs without a
#   default, empty values and names ending in _FILE, _PATH or _DIR (which
#   point at a secret rather than hold it) pass. Findings never repeat the
#   value.
# custom:
#   id: DF-005
#   severity: critical
#   kind: dockerfile
#   resource_types: []
#   controls: [CIS-Docker-4.10, NIST-800-53:IA-5, NIST-800-53:SC-28, SOC2:CC6.1]
#   related: []
#   remediation: |
#     Remove the value from the Dockerfile and rotate the secret: it is in
#     the git history and in every image built from it. Pass build-time
#     secrets with RUN --mount=type=secret,id=… (docker build --secret) and
#     runtime ones through the orchestrator's secret store.
#   enforcement: deny
package paved.dockerfile.env_secrets

import data.paved.lib.dockerfile as df

name_pattern := `(?i)(passw(or)?d|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|auth[_-]?key)`

deny contains df.target_result(i.line, msg) if {
	some i in input.instructions
	i.cmd in {"env", "arg"}
	some p in i.pairs
	secret(p)
	msg := sprintf("%s %s at line %d sets a literal value for a secret-like name", [upper(i.cmd), p.key, i.line])
}

deny contains df.target_result(p.line, msg) if {
	some p in input.args
	secret(p)
	msg := sprintf("ARG %s at line %d sets a literal default for a secret-like name", [p.key, p.line])
}

secret(p) if {
	p.literal
	p.value != ""
	regex.match(name_pattern, p.key)
	not regex.match(`(?i)_(FILE|PATH|DIR)$`, p.key)
}
