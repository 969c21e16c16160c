package repo

import (
	"errors"
	"fmt"
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
	s = s.In(ld.gitleaksConfig())
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

// gitleaksConfig reads the repository's own gitleaks configuration, its
// .gitleaks.toml and .gitleaksignore at the root (where gitleaks looks for
// them), or nil when it has neither. A .gitleaks.toml that cannot be read
// is a diagnostic, and the scan goes on without it: nothing it would have
// allowed is then taken for allowed.
func (ld *load) gitleaksConfig() *secrets.RepoConfig {
	read := func(name string) []byte {
		f, ok := ld.byRel[name]
		if !ok || !f.mode.IsRegular() {
			return nil
		}
		if f.size > ld.l.opts.MaxFileSize {
			ld.diag(name, 0, fmt.Sprintf("larger than %d bytes, not read", ld.l.opts.MaxFileSize))
			return nil
		}
		r, err := ld.fsys.Open(name)
		if err != nil {
			ld.diag(name, 0, err.Error())
			return nil
		}
		defer r.Close()
		b, err := engine.ReadAllLimit(r, ld.l.opts.MaxFileSize)
		if err != nil {
			ld.diag(name, 0, err.Error())
			return nil
		}
		return b
	}
	var c *secrets.RepoConfig
	if b := read(".gitleaks.toml"); b != nil {
		var err error
		if c, err = secrets.ParseGitleaksConfig(".gitleaks.toml", b); err != nil {
			var ce *secrets.ConfigError
			if errors.As(err, &ce) {
				ld.diag(".gitleaks.toml", ce.Line, ce.Msg)
			} else {
				ld.diag(".gitleaks.toml", 0, err.Error())
			}
			c = nil
		}
	}
	if b := read(".gitleaksignore"); b != nil {
		if c == nil {
			c = secrets.NewRepoConfig()
		}
		c.AddGitleaksIgnore(".gitleaksignore", b)
	}
	return c
}
