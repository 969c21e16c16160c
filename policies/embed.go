// Package policies holds paved's built-in Rego library, embedded in the
// binary: one package per policy under <kind>/, each with a _test.rego, and
// shared helpers under lib/.
package policies

import "embed"

// FS is the built-in policy tree.
//
//go:embed lib terraform
var FS embed.FS
