package gitindex

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// Worktree places a directory inside its repository's worktree, so that
// paths relative to it (as a report holds them) become the repository
// paths that diffs and GitHub use. The zero Worktree places nothing: paths
// stay as they are.
type Worktree struct {
	Root   string // the worktree's directory on disk, absolute
	Prefix string // the directory relative to Root, slash-separated: "" or ending in "/"
}

// FindWorktree places dir in the worktree that holds it.
func FindWorktree(dir string) (Worktree, error) {
	_, root, err := openRepo(dir)
	if err != nil {
		return Worktree{}, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Worktree{}, err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return Worktree{}, fmt.Errorf("%s is outside the worktree at %s", dir, root)
	}
	w := Worktree{Root: root}
	if rel != "." {
		w.Prefix = filepath.ToSlash(rel) + "/"
	}
	return w, nil
}

// RepoPath is file (relative to the directory, or absolute) as a slash
// path relative to the worktree's root; ok is false for a file outside the
// worktree.
func (w Worktree) RepoPath(file string) (p string, ok bool) {
	file = strings.ReplaceAll(file, "\\", "/")
	if path.IsAbs(file) {
		if w.Root == "" {
			return "", false
		}
		root := strings.TrimSuffix(strings.ReplaceAll(w.Root, "\\", "/"), "/") + "/"
		rel, ok := strings.CutPrefix(path.Clean(file), root)
		return rel, ok
	}
	p = path.Clean(w.Prefix + file)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}
