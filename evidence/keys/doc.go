// Package keys makes the key pairs evidence bundles are signed with
// (`paved evidence keygen`): cosign's format, written without ever
// overwriting a key. Keys are loaded, for signing and verifying, by
// internal/sigkeys, which every signing use of paved shares.
package keys
