package check

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/gitindex"
	"github.com/paved-dev/paved/engine/pathctx"
)

// scope is where a set of targets was read from, which names them
// (engine.Identity): the repository that holds it, or the scanned
// directory outside one.
type scope struct {
	root string // absolute, symlinks resolved: the repository root or the scanned directory
	repo string // the repository's identity; "" outside one
}

// scopeOf places a scanned path (a directory, or a file: its directory). A
// repo set by the user (--repo, .paved.yaml) names the repository instead
// of its remote, for forks and fleet clones; outside a repository it still
// names the targets' repository.
func scopeOf(scanned, repo string) scope {
	dir := scanned
	if fi, err := os.Stat(scanned); err == nil && !fi.IsDir() {
		dir = filepath.Dir(scanned)
	}
	s := scope{root: realPath(dir), repo: repo}
	if root, id, ok := gitindex.Identify(dir); ok {
		s.root = realPath(root)
		if s.repo == "" {
			s.repo = id
		}
	}
	return s
}

// identify names every target of ts read inside the scope; rel says a
// target's Path is relative to the scope's root (git's index) rather than
// to the working directory. A path the loader set (an SBOM's main
// component) is kept, and so is a repository it set (an image's). A
// target named by its path gets input.path_context: what that path says
// the file is for (pathctx).
func (s scope) identify(ts []*engine.Target, rel bool) {
	for _, t := range ts {
		if t.Identity.Repo == "" {
			t.Identity.Repo = s.repo
		}
		if t.Identity.Path != "" {
			continue
		}
		t.Identity.Path = s.place(t.Path, rel)
		if t.Input != nil {
			// Where the file sits in its repository, for policies that
			// judge tests and their data apart (the Dockerfile policies).
			c, why := pathctx.Of(t.Identity.Path)
			t.Input["path_context"] = map[string]any{"context": string(c), "reason": why}
		}
	}
}

// place is p's slash path relative to the scope's root; "." for the root.
func (s scope) place(p string, rel bool) string {
	if rel {
		return filepath.ToSlash(filepath.Clean(p))
	}
	abs := realPath(p)
	r, err := filepath.Rel(s.root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		// Outside the scope (a module's caller above it): the path as the
		// user gave it, which is the best name there is.
		return filepath.ToSlash(filepath.Clean(p))
	}
	return filepath.ToSlash(r)
}

// realPath is p absolute with symlinks resolved, as far as they resolve.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}
