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
