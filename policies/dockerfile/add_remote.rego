# METADATA
# title: ADD does not fetch remote URLs unverified
# description: |
#   ADD <url> downloads at build time whatever the server returns, with no
#   integrity check and, for archives, unpacks it: the content can change
#   between two builds of the same commit. Fetch with a checksum (ADD
#   --checksum=sha256:…, or curl followed by sha256sum -c in a RUN), or copy
#   a vendored file. Git sources (ADD git@… / …git) are judged the same way
#   unless pinned to a commit: with --checksum, or by a full commit SHA as
#   the ref (…git#<40-hex sha>), which git cannot move.
#
#   Peers: none is an equivalent, so both are under see_also. Checkov
#   CKV_DOCKER_4 fails every ADD ("use COPY instead"): local files and
#   archives, and a remote ADD with --checksum, too. paved judges only what
#   ADD fetches unverified, and leaves ADD of local files (which unpacks
#   archives deliberately) alone. hadolint's DL3020 covers the other half
#   (ADD of local files).
# custom:
#   id: DF-004
#   severity: high
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [CIS-Docker-4.9, NIST-800-53:SI-7, SLSA:build-hermetic]
#   related: []
#   see_also: [CKV_DOCKER_4, DL3020]
#   remediation: |
#     Add --checksum=sha256:<digest of the file> to the ADD, or replace it
#     with RUN curl -fsSLo f <url> && echo "<sha256>  f" | sha256sum -c -,
#     or commit the file and COPY it.
#   enforcement: deny
package paved.dockerfile.add_remote

import data.paved.lib.dockerfile as df

deny contains df.at(s, i, msg) if {
	some s in input.stages
	some i in df.instructions(s, "add")
	not checksum(i)
	some src in array.slice(i.args, 0, count(i.args) - 1)
	remote(src)
	not git_commit(src)
	msg := sprintf("ADD at line %d fetches %s without a checksum", [i.line, src])
}

remote(src) if regex.match(`^(?i)(https?|ftp)://`, src)

remote(src) if regex.match(`^(git@|git://|ssh://)|\.git(#.*)?$`, src)

checksum(i) if {
	some f in i.flags
	startswith(f, "--checksum=")
}

# git_commit(src) holds for a git source whose ref is a full commit SHA
# (…git#<sha> or …git#<sha>:subdir).
git_commit(src) if regex.match(`^(git@|git://|ssh://|https?://).*#[0-9a-f]{40}(:.*)?$`, src)
