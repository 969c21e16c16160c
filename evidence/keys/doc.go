// Package keys loads the keys evidence bundles are signed and verified
// with, and makes new ones. A signing key is a private key file in cosign's
// encrypted format (as `cosign generate-key-pair` and `paved evidence
// keygen` write it), a PEM private key (PKCS#8, PKCS#1 or SEC 1), or a KMS
// URI reached through sigstore's KMS providers (the ones this build
// registers are listed by imagetrust.KMSSchemes; other schemes go to a
// sigstore-kms-<scheme> plugin on PATH). A verifying key is a PEM public
// key (cosign.pub, paved.pub) or the same KMS URI.
//
// Everything here is sigstore's and cosign's own code: this package only
// picks which of their loaders a reference needs and says clearly what is
// wrong with a key.
package keys
