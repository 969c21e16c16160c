# METADATA
# title: Images are signed by a trusted key or identity
# description: |
#   A signature from a key or a keyless identity the organisation trusts is
#   what ties an image to its build: without one, anyone who can push to the
#   registry decides what runs. paved looks up cosign signatures in both
#   layouts registries hold (the sha256-….sig tag and the sigstore bundle
#   attached as an OCI 1.1 referrer) and verifies them offline with
#   sigstore's libraries against the trusted signers of the run
#   (--trusted-key, --trusted-identity with --trusted-root, or trust: in
#   .paved.yaml). With no trusted signer configured the image fails, saying
#   so: an unverifiable signature is not a pass. Signatures that do not
#   verify (another key, another digest, a broken envelope) are named with
#   the reason.
#
#   Peers: cosign verify and Sigstore policy-controller's ClusterImagePolicy
#   make the same decision at deploy time; Dockle CIS-DI-0005 only checks
#   that Docker Content Trust is enabled on the host.
# custom:
#   id: IMG-001
#   severity: critical
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:SI-7, NIST-800-53:CM-14, SLSA:Build-L2, CIS-Docker-4.5]
#   related: []
#   see_also: [CIS-DI-0005]
#   remediation: |
#     Sign the image in the pipeline that builds it (cosign sign, keyless
#     from CI or with a key in a KMS) and name that signer here:
#     --trusted-key cosign.pub or --trusted-identity
#     https://token.actions.githubusercontent.com=^https://github.com/acme/.
#   enforcement: deny
package paved.image.signed

import data.paved.lib.image

deny contains image.result(msg) if {
	msg := sprintf("the signatures of %s could not be looked up, so none is verified: %s", [image.name, image.unchecked_signatures])
}

deny contains image.result(msg) if {
	input.signatures.checked
	input.signatures.trusted_signers == 0
	msg := sprintf("no signer is trusted, so no signature of %s can be verified; name the keys or identities that sign your images (--trusted-key, --trusted-identity)", [image.name])
}

deny contains image.result(msg) if {
	input.signatures.checked
	input.signatures.trusted_signers > 0
	count(object.get(input.signatures, "found", [])) == 0
	msg := sprintf("%s is not signed: no cosign signature or sigstore bundle is attached to %s", [image.name, input.digest])
}

deny contains image.result(msg) if {
	input.signatures.checked
	input.signatures.trusted_signers > 0
	found := object.get(input.signatures, "found", [])
	count(found) > 0
	count(image.verified_signatures) == 0
	reasons := concat("; ", sort({sprintf("%s: %s", [s.format, s.error]) | some s in found}))
	msg := sprintf("%s has %d signature(s), none from a trusted signer over this digest (%s)", [image.name, count(found), reasons])
}
