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
#   (secrets: strict blocks on those too). A text file larger than the
#   scanner's size bound (1 MiB) was not scanned, so it is reported too: a
#   warning, as REPO-019 reports one in a repository, blocking with secrets:
#   strict. An image whose file system was not read in full fails, since its
#   files were not judged (a warning when the walk was turned off with
#   --no-image-fs).
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
import data.paved.lib.secrets

found := object.get(image.fs, "secrets", [])

deny contains image.unread_result(msg) if {
	msg := sprintf("the files of %s were not judged for secrets: %s", [image.name, image.fs_unread])
}

deny contains {"msg": msg, "resource": secrets.resource(s)} if {
	some s in found
	secrets.live(s)
	msg := sprintf("%s:%d in %s holds %s that looks live; anyone who can pull the image can use it until it is revoked (gitleaks rule %s)", [s.path, s.line, image.name, s.kind, s.rule])
}

# A secret that is not live (a fixture, a placeholder…) is reported without
# blocking; with strict it blocks, and says why.
deny contains {"msg": msg, "resource": secrets.resource(s), "advisory": true} if {
	not secrets.strict
	some s in found
	not secrets.live(s)
	msg := sprintf("%s, so it is reported without blocking (gitleaks rule %s)", [not_live(s), s.rule])
}

deny contains {"msg": msg, "resource": secrets.resource(s)} if {
	secrets.strict
	some s in found
	not secrets.live(s)
	msg := secrets.strict_suffix(sprintf("%s (gitleaks rule %s)", [not_live(s), s.rule]))
}

not_live(s) := sprintf("%s:%d in %s holds %s, but %s", [s.path, s.line, image.name, s.kind, s.context_reason])

# A text file over the scanner's size bound was not read for secrets: what
# paved could not read is never a pass. A warning unless strict, as in a
# repository (REPO-019, and REPO-018 with strict).
deny contains object.union(unscanned(f), {"advisory": true}) if {
	not secrets.strict
	some f in skipped
}

deny contains unscanned(f) if {
	secrets.strict
	some f in skipped
}

skipped := object.get(image.fs, "secrets_skipped", [])

unscanned(f) := {
	"msg": secrets.unscanned_message(sprintf("%s in %s", [f.path, image.name])),
	"resource": secrets.unscanned_resource(f),
}
