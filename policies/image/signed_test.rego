package paved.image.signed_test

import data.paved.image.fixtures as fx
import data.paved.image.signed as p

test_trusted_signature_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_unsigned_fails if {
	some v in p.deny with input as fx.with_({"signatures": {"checked": true, "error": "", "trusted_signers": 1, "found": []}})
	contains(v.msg, "is not signed")
}

test_wrong_key_fails_with_reason if {
	bad := {"format": "cosign", "verified": false, "signer": {"key": "", "issuer": "", "subject": ""}, "error": "no trusted signer verifies it"}
	some v in p.deny with input as fx.with_({"signatures": {"checked": true, "error": "", "trusted_signers": 1, "found": [bad]}})
	contains(v.msg, "none from a trusted signer")
	contains(v.msg, "cosign: no trusted signer verifies it")
}

test_no_trusted_signer_never_passes if {
	some v in p.deny with input as fx.with_({"signatures": {"checked": true, "error": "", "trusted_signers": 0, "found": fx.doc.signatures.found}})
	contains(v.msg, "no signer is trusted")
}

test_lookup_failure_never_passes if {
	some v in p.deny with input as fx.with_({"signatures": {"checked": false, "error": "the registry could not be reached", "trusted_signers": 1, "found": []}})
	contains(v.msg, "could not be looked up")
	contains(v.msg, "the registry could not be reached")
}
