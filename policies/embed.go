// Package policies holds paved's built-in Rego library, embedded in the
// binary: one package per policy under <kind>/, each with a _test.rego, and
// shared helpers under lib/. index.json is the policies' metadata, read at
// start-up instead of parsing every file; its test keeps it current.
package policies

import "embed"

// FS is the built-in policy tree.
//
//go:embed lib terraform repo dockerfile sbom image index.json
var FS embed.FS

// IndexFile is the name of the metadata index in FS.
const IndexFile = "index.json"
