package paved.image.provenance_test

import data.paved.image.fixtures as fx
import data.paved.image.provenance as p

slsa(patch) := [object.union(fx.doc.attestations[0], patch), fx.doc.attestations[1]]

test_trusted_provenance_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_missing_provenance_fails if {
	some v in p.deny with input as fx.with_({"attestations": [fx.doc.attestations[1]]})
	v.msg == "image://r.example/acme/app@sha256:1111111111111111111111111111111111111111111111111111111111111111 has no verified SLSA provenance"
}

test_lookup_failure_is_unknown_not_absent if {
	unchecked := {"checked": false, "error": "signatures are looked up in a registry; an OCI layout is not one", "trusted_signers": 1, "found": []}
	some v in p.deny with input as fx.with_({"signatures": unchecked, "attestations": []})
	v.msg == "the attestations of image://r.example/acme/app@sha256:1111111111111111111111111111111111111111111111111111111111111111 could not be looked up, so no SLSA provenance is verified: signatures are looked up in a registry; an OCI layout is not one"
	# A lookup that failed in part: what was found is named too.
	some w in p.deny with input as fx.with_({"signatures": object.union(unchecked, {"error": "referrers of r.example/acme/app: timeout"}), "attestations": slsa({"verified": false, "error": "the envelope's signature does not verify"})})
	contains(w.msg, "could not be looked up, so no SLSA provenance is verified (1 provenance attestation(s) found")
	endswith(w.msg, ": referrers of r.example/acme/app: timeout")
	# Verified provenance found by the lookups that were made counts.
	count(p.deny) == 0 with input as fx.with_({"signatures": unchecked})
}

test_unsigned_provenance_does_not_count if {
	some v in p.deny with input as fx.with_({"attestations": slsa({"verified": false, "error": "the envelope's signature does not verify"})})
	contains(v.msg, "none both signed by a trusted signer and about this digest")
	contains(v.msg, "the envelope's signature does not verify")
}

test_subject_swapped_provenance_does_not_count if {
	some v in p.deny with input as fx.with_({"attestations": slsa({"subject_matches": false})})
	contains(v.msg, "its subject is another image")
}

test_untrusted_builder_fails if {
	att := slsa({"slsa": object.union(fx.doc.attestations[0].slsa, {"builder_id": "https://evil.example/builder"})})
	some v in p.deny with input as fx.with_({"attestations": att})
	contains(v.msg, "https://evil.example/builder, which is not a trusted builder")
}

test_builder_parameter if {
	att := slsa({"slsa": object.union(fx.doc.attestations[0].slsa, {"builder_id": "https://ci.acme.example/builder/v2"})})
	count(p.deny) == 0 with input as fx.with_({"attestations": att})
		with data.params.trusted_builders as ["https://ci.acme.example/builder/*"]
}

test_wrong_source_fails if {
	att := slsa({"slsa": object.union(fx.doc.attestations[0].slsa, {"source_repo": "git+https://github.com/mallory/app"})})
	some v in p.deny with input as fx.with_({"attestations": att})
	contains(v.msg, "built from git+https://github.com/mallory/app, not from github.com/acme/app")
}

test_source_repos_parameter_wins_over_label if {
	some v in p.deny with input as fx.doc with data.params.source_repos as {"r.example/acme/*": "https://github.com/acme/other"}
	contains(v.msg, "not from github.com/acme/other")
}

test_source_normalised if {
	count(p.deny) == 0 with input as fx.config_with({"labels": {"org.opencontainers.image.source": "git@github.com:Acme/App.git"}})
}

# The same attestation gets the same reason as from IMG-003.
test_unverified_other_subject_is_not_verified if {
	some v in p.deny with input as fx.with_({"attestations": slsa({"verified": false, "subject_matches": false})})
	v.msg == "image://r.example/acme/app@sha256:1111111111111111111111111111111111111111111111111111111111111111 has no verified SLSA provenance (1 provenance attestation(s) found that do not count, none both signed by a trusted signer and about this digest: not verified)"
}
