// Package policies holds paved's built-in Rego library, embedded in the
// binary: one package per policy under <kind>/, each with a _test.rego, and
// shared helpers under lib/. Index (index.go, generated) is the policies'
// metadata, read at start-up instead of parsing every file.
package policies

import "embed"

// FS is the built-in policy tree.
//
//go:embed lib terraform repo dockerfile sbom image
var FS embed.FS
