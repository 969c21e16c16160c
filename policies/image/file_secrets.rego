# METADATA
# title: Image files hold no live credentials
# description: |
#   A credential in any layer of an image is in every copy pulled, even if
#   a later layer deletes the file (only the final file system is judged
#   here; a secret deleted in a later layer still sits in the earlier
#   layer's blob). Files are scanned with the same rules and contexts as
#   repositories: a secret that looks live in an ordinary file blocks; one in
#   a test file, a fixture, documentation or an example, a placeholder, or a
#   published test key is reported by REPO-019's reasoning as a warning
#   (secrets: strict blocks on those too). An image whose file system was
#   not read in full fails, since its files were not judged (a warning when
#   the walk was turned off with --no-image-fs).
#
#   Peers: Dockle CIS-DI-0010 and Trivy's secret scanner look for the same.
# custom:
#   id: IMG-009
#   severity: critical
#   kind: image
#   resource_types: []
#   controls: [CIS-Docker-4.10, NIST-800-53:IA-5, SOC2:CC6.1]
#   related: []
#   see_also: [CIS-DI-0010]
#   remediation: |
#     Keep credentials out of the build context and the image (use build
#     secrets: RUN --mount=type=secret), rebuild, and revoke the credential:
#     every pulled copy keeps it.
#   enforcement: deny
package paved.image.file_secrets

import data.paved.lib.image

strict if image.params("secrets", "default") == "strict"

deny contains image.unread_result(msg) if {
	msg := sprintf("the files of %s were not judged for secrets: %s", [image.name, image.fs_unread])
}

deny contains finding(s) if {
	some s in object.get(image.fs, "secrets", [])
	blocks(s)
}

blocks(s) if s.context == "code"

blocks(s) if strict

deny contains {"msg": msg, "resource": resource(s), "advisory": true} if {
	not strict
	some s in object.get(image.fs, "secrets", [])
	s.context != "code"
	msg := sprintf("%s:%d in %s holds %s, but %s, so it is reported without blocking (gitleaks rule %s)", [s.path, s.line, image.name, s.kind, s.context_reason, s.rule])
}

finding(s) := {"msg": msg, "resource": resource(s)} if {
	msg := sprintf("%s:%d in %s holds %s that looks live; anyone who can pull the image can use it until it is revoked (gitleaks rule %s)", [s.path, s.line, image.name, s.kind, s.rule])
}

# resource names one secret by its file and fingerprint, so that each keeps
# its own finding from build to build.
resource(s) := sprintf("secret:%s#%s", [s.path, substring(s.fingerprint, 0, 12)])
