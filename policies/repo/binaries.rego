# METADATA
# title: No binaries or large files committed
# description: |
#   A committed executable cannot be reviewed and may not match any source
#   (the xz backdoor hid in test binaries); large files bloat every clone
#   and usually belong in a release or an artifact store.
# custom:
#   id: REPO-015
#   severity: high
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:SA-12, NIST-800-53:SI-7, SOC2:CC8.1]
#   related: [Scorecard:Binary-Artifacts]
#   remediation: |
#     Remove the file from the repository (and its history if it is large)
#     and build it in CI or fetch it from a release. Files allowed anyway are
#     globs in the allowed_binaries parameter (default the Gradle and Maven
#     wrapper jars); the size limit is max_file_mb (default 5).
#   enforcement: deny
package paved.repo.binaries

import data.paved.lib.repo

max_bytes := repo.params("max_file_mb", 5) * 1048576

allowed := repo.params("allowed_binaries", ["**/gradle-wrapper.jar", "gradle-wrapper.jar", "**/maven-wrapper.jar", "maven-wrapper.jar"])

executable_formats := {"elf", "pe", "macho", "wasm", "class", "pyc"}

files := object.get(object.get(input, "tree", {}), "files", [])

deny contains {"msg": msg, "resource": "repo", "location": {"file": repo.file(f.path)}} if {
	some f in files
	f.format in executable_formats
	not is_allowed(f.path)
	msg := sprintf("%s is a committed %s binary", [f.path, f.format])
}

deny contains {"msg": msg, "resource": "repo", "location": {"file": repo.file(f.path)}} if {
	some f in files
	f.size > max_bytes
	not is_allowed(f.path)
	msg := sprintf("%s is %d MB (limit %d MB)", [f.path, round(f.size / 1048576), round(max_bytes / 1048576)])
}

is_allowed(p) if {
	some g in allowed
	glob.match(g, ["/"], p)
}
