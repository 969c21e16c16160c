// Package exclude decides which paths a scan leaves out, with .gitignore
// pattern syntax (`testdata/`, `**/fixtures/**`, `*.gen.tf`, `!keep.tf`),
// which every user of these tools already knows.
package exclude

import (
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// Matcher matches slash paths relative to the scan root.
type Matcher struct {
	m gitignore.Matcher
}

// New compiles patterns; nil or empty patterns exclude nothing.
func New(patterns []string) *Matcher {
	if len(patterns) == 0 {
		return nil
	}
	ps := make([]gitignore.Pattern, 0, len(patterns))
	for _, p := range patterns {
		ps = append(ps, gitignore.ParsePattern(p, nil))
	}
	return &Matcher{m: gitignore.NewMatcher(ps)}
}

// Match reports whether the path (slash-separated, relative to the scan
// root) is excluded. A nil Matcher excludes nothing.
func (m *Matcher) Match(path string, isDir bool) bool {
	if m == nil || path == "." || path == "" {
		return false
	}
	return m.m.Match(strings.Split(path, "/"), isDir)
}
