# METADATA
# title: Image environments hold no credentials
# description: |
#   Environment variables set in an image are readable by anyone who can
#   pull it (docker inspect) and by every process in the container. A
#   variable whose name says credential (TOKEN, SECRET, PASSWORD, *_KEY…)
#   or whose value the secret scanner flags is reported; paved never prints
#   the value. Variables naming a file or a reference to a secret store
#   (*_FILE, *_PATH, *_URL without credentials) are not flagged.
#
#   Peers: Dockle CIS-DI-0010 flags the same names in ENV.
# custom:
#   id: IMG-008
#   severity: critical
#   kind: image
#   resource_types: []
#   controls: [CIS-Docker-4.10, NIST-800-53:IA-5, SOC2:CC6.1]
#   related: [CIS-DI-0010]
#   remediation: |
#     Remove the variable from the image and pass the credential at run time
#     (a mounted secret, the orchestrator's secret store, workload identity).
#     If it ever held a real value, revoke it: every pulled copy keeps it.
#   enforcement: deny
package paved.image.env_secrets

import data.paved.lib.image

deny contains image.result(msg) if {
	names := [e.name | some e in object.get(image.config, "env", []); e.redacted]
	count(names) > 0
	msg := sprintf("%s sets credential-looking environment variable(s) %s in its config, readable by anyone who can pull it", [image.name, concat(", ", names)])
}
