package gitindex

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ChangeKind says what a commit would do to a path.
type ChangeKind string

const (
	Added    ChangeKind = "added"
	Modified ChangeKind = "modified"
	Deleted  ChangeKind = "deleted"
)

// Change is one staged path (slash, relative to the worktree root).
type Change struct {
	Path string
	Kind ChangeKind
}

// Index is the staged state of one repository.
type Index struct {
	repo    *git.Repository
	root    string
	entries map[string]*index.Entry
	dirs    map[string][]string // directory → sorted child names
	// cached is the index's tree cache (git's TREE extension): the tree
	// hash of each directory whose staged content is unchanged since the
	// cache was written. A HEAD subtree with the same hash holds no staged
	// change, so Staged need not read it.
	cached map[string]plumbing.Hash
}

// Open reads the index of the repository holding dir (dir may be any
// directory inside its worktree).
func Open(dir string) (*Index, error) {
	repo, root, err := openRepo(dir)
	if err != nil {
		return nil, err
	}
	idx, err := repo.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("read git index: %w", err)
	}
	ix := &Index{repo: repo, root: root, entries: map[string]*index.Entry{}, dirs: map[string][]string{},
		cached: cachedTrees(idx.Cache)}
	children := map[string]map[string]bool{}
	add := func(dir, name string) {
		if children[dir] == nil {
			children[dir] = map[string]bool{}
		}
		children[dir][name] = true
	}
	for _, e := range idx.Entries {
		// Conflicted paths keep stages 1–3; the merge result is not staged
		// yet. (A resolved entry's stage bits are 0; go-git's index.Merged
		// constant is 1 and would match a conflict's base.)
		if e.Stage != 0 || e.IntentToAdd || e.Mode == filemode.Submodule {
			continue
		}
		ix.entries[e.Name] = e
		for p := e.Name; p != "."; {
			d := path.Dir(p)
			add(d, path.Base(p))
			p = d
		}
	}
	for d, names := range children {
		list := make([]string, 0, len(names))
		for n := range names {
			list = append(list, n)
		}
		slices.Sort(list)
		ix.dirs[d] = list
	}
	if _, ok := ix.dirs["."]; !ok {
		ix.dirs["."] = nil
	}
	return ix, nil
}

// openRepo opens the repository whose worktree holds dir (any directory
// inside it) and returns it with the worktree's directory on disk.
func openRepo(dir string) (*git.Repository, string, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, "", fmt.Errorf("open git repository at %s: %w", dir, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", dir, err)
	}
	return repo, wt.Filesystem.Root(), nil
}

// Root is the worktree's directory on disk.
func (ix *Index) Root() string { return ix.root }

// Staged lists the paths whose staged content differs from HEAD, sorted.
// In a repository without commits every staged path is added.
func (ix *Index) Staged() ([]Change, error) {
	head := map[string]plumbing.Hash{}
	same := map[string]bool{} // directories identical in HEAD and the index
	ref, err := ix.repo.Head()
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
	case err != nil:
		return nil, fmt.Errorf("read HEAD: %w", err)
	default:
		commit, err := ix.repo.CommitObject(ref.Hash())
		if err != nil {
			return nil, fmt.Errorf("read HEAD commit: %w", err)
		}
		tree, err := commit.Tree()
		if err != nil {
			return nil, fmt.Errorf("read HEAD tree: %w", err)
		}
		if err := ix.walkHead(tree, ".", head, same); err != nil {
			return nil, err
		}
	}
	var out []Change
	for name, e := range ix.entries {
		if underAny(same, name) {
			continue
		}
		h, ok := head[name]
		switch {
		case !ok:
			out = append(out, Change{Path: name, Kind: Added})
		case h != e.Hash:
			out = append(out, Change{Path: name, Kind: Modified})
		}
		delete(head, name)
	}
	for name := range head {
		if _, ok := ix.entries[name]; !ok {
			out = append(out, Change{Path: name, Kind: Deleted})
		}
	}
	slices.SortFunc(out, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// walkHead records the files of a HEAD tree, skipping the subtrees the
// tree cache shows unchanged (and reading no blob).
func (ix *Index) walkHead(t *object.Tree, dir string, head map[string]plumbing.Hash, same map[string]bool) error {
	if h, ok := ix.cached[dir]; ok && h == t.Hash {
		same[dir] = true
		return nil
	}
	for _, e := range t.Entries {
		p := path.Join(dir, e.Name)
		switch {
		case e.Mode == filemode.Dir:
			if h, ok := ix.cached[p]; ok && h == e.Hash {
				same[p] = true
				continue
			}
			sub, err := ix.repo.TreeObject(e.Hash)
			if err != nil {
				return fmt.Errorf("read HEAD tree %s: %w", p, err)
			}
			if err := ix.walkHead(sub, p, head, same); err != nil {
				return err
			}
		case e.Mode.IsFile():
			head[p] = e.Hash
		}
	}
	return nil
}

// underAny reports whether p lies in one of dirs.
func underAny(dirs map[string]bool, p string) bool {
	for d := path.Dir(p); ; d = path.Dir(d) {
		if dirs[d] {
			return true
		}
		if d == "." {
			return false
		}
	}
}

// cachedTrees flattens git's tree cache (a pre-order list; each entry names
// itself relative to its parent and counts its subtrees) into directory →
// tree hash, leaving out invalidated entries (Entries < 0).
func cachedTrees(c *index.Tree) map[string]plumbing.Hash {
	out := map[string]plumbing.Hash{}
	if c == nil || len(c.Entries) == 0 {
		return out
	}
	var walk func(i int, parent string) int
	walk = func(i int, parent string) int {
		if i >= len(c.Entries) {
			return i
		}
		e := c.Entries[i]
		p := path.Join(parent, e.Path)
		if e.Entries >= 0 {
			out[p] = e.Hash
		}
		i++
		for k := 0; k < e.Trees && i < len(c.Entries); k++ {
			i = walk(i, p)
		}
		return i
	}
	walk(0, ".")
	return out
}

// Tracked reports whether git tracks rel (a slash path relative to the
// worktree root): a file in the index, or a directory holding one. A
// tracked path stays part of the repository whatever .gitignore says;
// ignore rules apply to untracked files only.
func (ix *Index) Tracked(rel string) bool {
	if _, ok := ix.entries[rel]; ok {
		return true
	}
	_, ok := ix.dirs[rel]
	return ok
}

// FS is the staged tree: every path in the index with its staged content.
func (ix *Index) FS() fs.FS { return indexFS{ix} }

type indexFS struct{ ix *Index }

func (f indexFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if e, ok := f.ix.entries[name]; ok {
		blob, err := f.ix.repo.BlobObject(e.Hash)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		r, err := blob.Reader()
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &file{ReadCloser: r, info: entryInfo(e)}, nil
	}
	if names, ok := f.ix.dirs[name]; ok {
		return &dir{info: dirInfo(name), fs: f, name: name, names: names}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (f indexFS) Stat(name string) (fs.FileInfo, error) {
	if e, ok := f.ix.entries[name]; ok {
		return entryInfo(e), nil
	}
	if _, ok := f.ix.dirs[name]; ok {
		return dirInfo(name), nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

func (f indexFS) ReadDir(name string) ([]fs.DirEntry, error) {
	names, ok := f.ix.dirs[name]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(names))
	for _, n := range names {
		info, err := f.Stat(path.Join(name, n))
		if err != nil {
			return nil, err
		}
		out = append(out, fs.FileInfoToDirEntry(info))
	}
	return out, nil
}

// ReadLink returns a staged symlink's target (git stores it as the blob).
func (f indexFS) ReadLink(name string) (string, error) {
	e, ok := f.ix.entries[name]
	if !ok || e.Mode != filemode.Symlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	blob, err := f.ix.repo.BlobObject(e.Hash)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	r, err := blob.Reader()
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, 4096))
	return string(b), err
}

// Lstat is Stat: the index FS never follows links.
func (f indexFS) Lstat(name string) (fs.FileInfo, error) { return f.Stat(name) }

type info struct {
	name string
	size int64
	mode fs.FileMode
	mod  time.Time
}

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return i.size }
func (i info) Mode() fs.FileMode  { return i.mode }
func (i info) ModTime() time.Time { return i.mod }
func (i info) IsDir() bool        { return i.mode.IsDir() }
func (i info) Sys() any           { return nil }

func entryInfo(e *index.Entry) info {
	mode := fs.FileMode(0o644)
	switch e.Mode {
	case filemode.Executable:
		mode = 0o755
	case filemode.Symlink:
		mode = fs.ModeSymlink | 0o777
	}
	return info{name: path.Base(e.Name), size: int64(e.Size), mode: mode, mod: e.ModifiedAt}
}

func dirInfo(name string) info {
	return info{name: path.Base(name), mode: fs.ModeDir | 0o755}
}

type file struct {
	io.ReadCloser
	info info
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }

type dir struct {
	info  info
	fs    indexFS
	name  string
	names []string
	pos   int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}
func (d *dir) Close() error { return nil }

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	all, err := d.fs.ReadDir(d.name)
	if err != nil {
		return nil, err
	}
	rest := all[d.pos:]
	if n <= 0 {
		d.pos = len(all)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if n > len(rest) {
		n = len(rest)
	}
	d.pos += n
	return rest[:n], nil
}
