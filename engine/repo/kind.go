package repo

import (
	"context"
	"os"
	"path/filepath"

	"github.com/paved-dev/paved/engine"
)

// Kind is the kind of repository targets.
const Kind engine.Kind = "repo"

var _ engine.KindLoader = (*Loader)(nil)

// Kind implements engine.KindLoader.
func (l *Loader) Kind() engine.Kind { return Kind }

// Describe implements engine.KindLoader.
func (l *Loader) Describe() string { return "a git checkout's root directory" }

// Detect claims a directory that is a git checkout's root.
func (l *Loader) Detect(p *engine.Probe) bool {
	if !p.Dir {
		return false
	}
	_, err := os.Lstat(filepath.Join(p.Path, ".git"))
	return err == nil
}

// LoadStaged loads the repository as staged: every commit can add a secret,
// a binary or a broken workflow. The per-file work covers the commit's
// paths only.
func (l *Loader) LoadStaged(ctx context.Context, s *engine.Staged) ([]*engine.Target, error) {
	if len(s.Changes) == 0 {
		return nil, nil
	}
	scope := &Scope{Paths: map[string]bool{}}
	for _, c := range s.Changes {
		scope.Paths[c.Path] = true
	}
	return l.LoadFS(ctx, s.FS, ".", s.GitDir, scope)
}
