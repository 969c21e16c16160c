package gitindex

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Bounds on a tree written out for --new-since.
const (
	maxTreeFiles    = 200_000
	maxTreeFileSize = 64 << 20
	maxTreeBytes    = 2 << 30
)

// Base is the merge base of a ref and HEAD: what a change started from.
type Base struct {
	Root   string // the worktree's directory on disk
	Commit string // the merge base's hash
	tree   *object.Tree
	head   *object.Commit
	repo   *git.Repository
}

// MergeBase finds the merge base of ref and HEAD in the repository holding
// dir, from git's objects alone (the worktree is not touched).
func MergeBase(dir, ref string) (*Base, error) {
	repo, root, err := openRepo(dir)
	if err != nil {
		return nil, err
	}
	head, err := repo.Head()
	if err != nil {
		return nil, fmt.Errorf("HEAD: %w", err)
	}
	h, err := repo.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		return nil, fmt.Errorf("%q is not a commit, branch or tag of this repository (fetch it first, e.g. git fetch origin main): %w", ref, err)
	}
	other, err := repo.CommitObject(*h)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ref, err)
	}
	cur, err := repo.CommitObject(head.Hash())
	if err != nil {
		return nil, fmt.Errorf("HEAD: %w", err)
	}
	bases, err := cur.MergeBase(other)
	if err != nil {
		return nil, fmt.Errorf("merge base of HEAD and %s: %w", ref, err)
	}
	if len(bases) == 0 {
		return nil, fmt.Errorf("HEAD and %s share no history (a shallow clone? fetch with enough depth)", ref)
	}
	tree, err := bases[0].Tree()
	if err != nil {
		return nil, err
	}
	return &Base{Root: root, Commit: bases[0].Hash.String(), tree: tree, head: cur, repo: repo}, nil
}

// WriteTo writes the base's regular files under the given slash prefixes
// (relative to the root; "." is everything) into dst, so loaders can read
// the tree as they read a checkout. Symlinks and submodules are left out.
// It stops when ctx is done: a big tree takes a while.
func (b *Base) WriteTo(ctx context.Context, dst string, prefixes []string) error {
	under := func(p string) bool {
		for _, pre := range prefixes {
			if pre == "." || p == pre || strings.HasPrefix(p, pre+"/") {
				return true
			}
		}
		return false
	}
	files, total := 0, int64(0)
	errStop := errors.New("stop")
	var werr error
	err := b.tree.Files().ForEach(func(f *object.File) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !under(f.Name) || f.Mode != filemode.Regular && f.Mode != filemode.Executable {
			return nil
		}
		if files++; files > maxTreeFiles {
			werr = fmt.Errorf("merge base holds more than %d files under the scanned paths", maxTreeFiles)
			return errStop
		}
		if f.Size > maxTreeFileSize {
			return nil // as the loaders would: too big to judge
		}
		if total += f.Size; total > maxTreeBytes {
			werr = fmt.Errorf("merge base holds more than %d bytes under the scanned paths", int64(maxTreeBytes))
			return errStop
		}
		name := path.Clean(f.Name)
		if name == ".." || strings.HasPrefix(name, "../") || path.IsAbs(name) {
			return nil // a crafted tree entry leaving the root
		}
		out := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		r, err := f.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		w, err := os.Create(out)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, io.LimitReader(r, maxTreeFileSize)); err != nil {
			w.Close()
			return err
		}
		return w.Close()
	})
	if werr != nil {
		return werr
	}
	return err
}
