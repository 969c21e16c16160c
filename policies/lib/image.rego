# METADATA
# title: Image helpers
# description: |
#   Helpers over the image input document (docs/image-input.md), shared by
#   every policy under policies/image.
package paved.lib.image

# params(key, default) reads a policy parameter from --data files (data.params).
params(key, default_value) := v if {
	v := data.params[key]
} else := default_value

# result(msg) is a denial about the image as a whole (resource = its
# identity, the platform).
result(msg) := {"msg": msg}

# name is how messages name the image: its reference as given, and the
# platform when the index had several.
name := sprintf("%s (%s)", [input.reference, platform]) if {
	input.index_digest != ""
} else := input.reference

platform := concat("/", [p | some p in [input.platform.os, input.platform.architecture, object.get(input.platform, "variant", "")]; p != ""])

config := object.get(input, "config", {})

fs := object.get(input, "filesystem", {})

# fs_unread is why the image's file system was not read in full, or
# undefined when it was. A policy about files says so instead of passing:
# what paved could not read is never a pass.
fs_unread := "paved did not read its file system (the walk was turned off)" if {
	not fs.walked
} else := sprintf("paved could not read its whole file system (%s)", [fs.reason]) if {
	not fs.complete
}

# unread_result(msg) is a denial about files that were not judged: a
# warning when the walk was turned off on purpose (--no-image-fs), a
# blocking finding when paved tried and could not read them all.
unread_result(msg) := {"msg": msg, "advisory": true} if {
	not fs.walked
} else := {"msg": msg}

# root_user(u) holds for a user that is root: empty (Docker's default),
# root or uid 0, with or without a group.
root_user(u) if u == ""

root_user(u) if lower(split(u, ":")[0]) in {"root", "0"}

# matches(value, patterns) holds when value equals a pattern, or starts with
# one that ends in "*".
matches(value, patterns) if value in patterns

matches(value, patterns) if {
	some p in patterns
	endswith(p, "*")
	startswith(value, trim_suffix(p, "*"))
}

# verified_signatures is every signature that verified against a trusted
# signer and covers this digest.
verified_signatures := [s |
	some s in object.get(input.signatures, "found", [])
	s.verified
]

# attestations(predicates) is every attestation that counts: verified
# against a trusted signer, subject this image, of one of the predicate
# types.
attestations(predicates) := [a |
	some a in object.get(input, "attestations", [])
	a.verified
	a.subject_matches
	a.predicate_type in predicates
]

# uncounted_note(predicates, what) is the note a message about a missing
# attestation adds: how many attestations of those predicate types were
# found and why none counts (what names them: "SBOM", "provenance"); ""
# when none was found. For when attestations(predicates) is empty.
uncounted_note(predicates, what) := sprintf(" (%d %s attestation(s) found that do not count, none both signed by a trusted signer and about this digest: %s)", [count(found), what, concat("; ", sort({why_uncounted(a) | some a in found}))]) if {
	found := [a | some a in object.get(input, "attestations", []); a.predicate_type in predicates]
	count(found) > 0
} else := ""

# why_uncounted(a) is why an attestation does not count: the loader's
# error, else that it is not verified, else that its subject is another
# image. subject_matches is only looked at once the envelope verifies (the
# loader leaves it false before), so an unverified attestation is "not
# verified", whatever its subject.
why_uncounted(a) := a.error if {
	a.error != ""
} else := "not verified" if {
	not a.verified
} else := "its subject is another image" if {
	not a.subject_matches
}

slsa_provenance_types := {
	"https://slsa.dev/provenance/v0.2",
	"https://slsa.dev/provenance/v1",
}

sbom_types := {
	"https://cyclonedx.org/bom",
	"https://cyclonedx.org/bom/v1.4",
	"https://cyclonedx.org/bom/v1.5",
	"https://cyclonedx.org/bom/v1.6",
	"https://spdx.dev/Document",
	"https://spdx.dev/Document/v2.3",
}

# normalize_repo(u) is a source repository URL reduced to host/owner/name,
# lower case: git+https://github.com/Acme/App.git -> github.com/acme/app.
normalize_repo(u) := n if {
	s := lower(trim_space(u))
	s1 := trim_prefix(s, "git+")
	s2 := regex.replace(s1, `^[a-z]+://`, "")
	s3 := regex.replace(s2, `^[^@/]*@`, "")
	s4 := trim_suffix(trim_suffix(s3, "/"), ".git")
	n := replace(s4, ":", "/")
}

# unchecked_signatures is why signatures could not be looked up, or
# undefined when they were.
unchecked_signatures := msg if {
	not input.signatures.checked
	msg := input.signatures.error
}
