package chain

import (
	"fmt"
	"unicode"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/runenv"
)

// Scope is what a run's bundle chains along: given, when the caller names
// one (a fleet scan's fleet:NAME); else the identity (host/path) of the
// git repository the run judged; else the one repository the report's
// targets name; else "", a chain of its own for every run without one.
func Scope(given string, env runenv.Environment, rep *engine.Report) string {
	if given != "" {
		return given
	}
	if env.Git != nil && env.Git.Repository != "" {
		return env.Git.Repository
	}
	if rep == nil {
		return ""
	}
	repo := ""
	for _, t := range rep.Targets {
		switch {
		case t.Repo == "" || t.Repo == repo:
		case repo == "":
			repo = t.Repo
		default:
			return "" // more than one
		}
	}
	return repo
}

// CheckScope refuses a scope name that would garble output or annotations:
// control characters, or more than 512 bytes.
func CheckScope(s string) error {
	if len(s) > 512 {
		return fmt.Errorf("scope of %d bytes: at most 512", len(s))
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return fmt.Errorf("scope %q holds a control character or invalid UTF-8", s)
		}
	}
	return nil
}
