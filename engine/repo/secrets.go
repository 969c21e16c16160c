package repo

import (
	"slices"
	"strings"
	"sync"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/secrets"
)

// secrets scans every text file of the tree that is within the size bound,
// on a small pool, and returns the findings sorted by file and line. Files
// not scanned (too large) are listed so a policy can say so. The scanner
// sees paths relative to the root: its path allowlists, the findings'
// context (test, fixture, docs…) and fingerprints depend on where a file
// sits in the repository, not on how the directory was named.
func (ld *load) secrets(s *secrets.Scanner) (found []any, skipped []any) {
	skipped = []any{}
	var todo []*file
	for _, f := range ld.files {
		switch {
		case f.binary || !f.mode.IsRegular() || f.size == 0 || !ld.inScope(f.rel):
		case f.size > ld.l.opts.MaxFileSize:
			skipped = append(skipped, map[string]any{"path": f.rel, "file": ld.display(f.rel)})
		default:
			todo = append(todo, f)
		}
	}
	var mu sync.Mutex
	var all []secrets.Finding
	ld.each(todo, 4, func(f *file) {
		r, err := ld.fsys.Open(f.rel)
		if err != nil {
			return
		}
		b, err := engine.ReadAllLimit(r, ld.l.opts.MaxFileSize)
		r.Close()
		if err != nil {
			return
		}
		if fs := s.Scan(f.rel, b); len(fs) > 0 {
			mu.Lock()
			all = append(all, fs...)
			mu.Unlock()
		}
	})
	slices.SortFunc(all, func(a, b secrets.Finding) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	found = make([]any, len(all))
	for i, f := range all {
		found[i] = map[string]any{"path": f.File, "file": ld.display(f.File), "line": f.Line, "column": f.Column,
			"rule": f.Rule, "kind": f.Kind, "context": string(f.Context), "context_reason": f.ContextReason,
			"fingerprint": f.Fingerprint}
	}
	return found, skipped
}
