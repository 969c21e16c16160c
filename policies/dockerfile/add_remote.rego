# METADATA
# title: ADD does not fetch remote URLs unverified
# description: |
#   ADD <url> downloads at build time whatever the server returns, with no
#   integrity check and, for archives, unpacks it: the content can change
#   between two builds of the same commit. Fetch with a checksum (ADD
#   --checksum=sha256:…, or curl followed by sha256sum -c in a RUN), or copy
#   a vendored file. Git sources (ADD git@… / …git) are judged the same way
#   unless pinned with --checksum to a commit.
# custom:
#   id: DF-004
#   severity: high
#   kind: dockerfile
#   resource_types: [stage]
#   controls: [CIS-Docker-4.9, NIST-800-53:SI-7, SLSA:build-hermetic]
#   related: [CKV_DOCKER_4]
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
	msg := sprintf("ADD at line %d fetches %s without a checksum", [i.line, src])
}

remote(src) if regex.match(`^(?i)(https?|ftp)://`, src)

remote(src) if regex.match(`^(git@|git://|ssh://)|\.git(#.*)?$`, src)

checksum(i) if {
	some f in i.flags
	startswith(f, "--checksum=")
}
