// Package policybundle packs a directory of paved policies (Rego files and
// OPA data files) into an OPA bundle (.tar.gz with a .manifest) and reads one
// back within bounds: archive size, file count, file size and unpacked
// bytes. A bundle's data documents sit under data.params, the parameters
// paved's policies read, and become the defaults that --data overrides.
//
// The OCI side (push, pull, cache, signatures) lives in policybundle/oci, so
// this package stays free of registry and signing code.
package policybundle
