# METADATA
# title: Images ship no package-manager caches
# description: |
#   Package indexes and downloaded archives (apt's lists and archives, apk's
#   and dnf's caches, pip's and npm's caches…) are dead weight in a runtime
#   image: they grow every pull and every scan, and an apt index left behind
#   lets whoever gets a shell install tools from it. Files under the caches'
#   directories are reported with their size. An image whose file system was
#   not read in full fails, since its files were not judged (a warning when
#   the walk was turned off with --no-image-fs).
#
#   Peers: Dockle DKL-DI-0005 (apt-get caches) and DKL-LI-0003 (unnecessary
#   files) look for the same directories; hadolint DL3009, DL3019 and
#   DL3042 ask the Dockerfile to clean them.
# custom:
#   id: IMG-010
#   severity: low
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:CM-7, CIS-Docker-4.3]
#   related: []
#   see_also: [DKL-DI-0005, DKL-LI-0003, DL3009, DL3019, DL3042]
#   remediation: |
#     Remove the caches in the RUN that creates them (apt-get clean && rm -rf
#     /var/lib/apt/lists/*, apk add --no-cache, pip install --no-cache-dir),
#     use a cache mount (RUN --mount=type=cache), or copy only the built
#     artefacts into a clean final stage.
#   enforcement: deny
package paved.image.package_caches

import data.paved.lib.image

deny contains image.unread_result(msg) if {
	msg := sprintf("the files of %s were not judged for package caches: %s", [image.name, image.fs_unread])
}

deny contains image.result(msg) if {
	caches := object.get(image.fs, "package_caches", [])
	count(caches) > 0
	list := concat(", ", [sprintf("%s (%s, %d bytes)", [c.path, c.manager, c.bytes]) | some c in caches])
	msg := sprintf("%s ships package-manager caches: %s", [image.name, list])
}
