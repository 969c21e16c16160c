package paved.image.sbom_attestation_test

import data.paved.image.fixtures as fx
import data.paved.image.sbom_attestation as p

test_signed_sbom_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_no_sbom_fails if {
	some v in p.deny with input as fx.with_({"attestations": [fx.doc.attestations[0]]})
	endswith(v.msg, "has no SBOM attestation signed by a trusted signer")
}

test_forged_sbom_does_not_count if {
	forged := object.union(fx.doc.attestations[1], {"verified": false, "error": "signed by a key that is not trusted"})
	some v in p.deny with input as fx.with_({"attestations": [forged]})
	contains(v.msg, "signed by a key that is not trusted")
	swapped := object.union(fx.doc.attestations[1], {"subject_matches": false})
	some w in p.deny with input as fx.with_({"attestations": [swapped]})
	contains(w.msg, "its subject is another image")
	unverified := object.union(fx.doc.attestations[1], {"verified": false})
	some u in p.deny with input as fx.with_({"attestations": [unverified]})
	contains(u.msg, "not verified")
}

test_lookup_failure_is_unknown_not_absent if {
	unchecked := {"checked": false, "error": "signatures are looked up in a registry; a docker archive is not one", "trusted_signers": 1, "found": []}
	some v in p.deny with input as fx.with_({"signatures": unchecked, "attestations": []})
	v.msg == "the attestations of image://r.example/acme/app@sha256:1111111111111111111111111111111111111111111111111111111111111111 could not be looked up, so no SBOM attestation is verified: signatures are looked up in a registry; a docker archive is not one"
	count(p.deny) == 0 with input as fx.with_({"signatures": unchecked})
}

# An unverified attestation whose subject is another image is "not
# verified", as IMG-002 says (the subject is only checked once it verifies),
# and the note counts what was found.
test_unverified_other_subject_is_not_verified if {
	att := object.union(fx.doc.attestations[1], {"verified": false, "subject_matches": false})
	some v in p.deny with input as fx.with_({"attestations": [att]})
	v.msg == "image://r.example/acme/app@sha256:1111111111111111111111111111111111111111111111111111111111111111 has no SBOM attestation signed by a trusted signer (1 SBOM attestation(s) found that do not count, none both signed by a trusted signer and about this digest: not verified)"
}
