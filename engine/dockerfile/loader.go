package dockerfile

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/exclude"
)

// DefaultMaxFileSize bounds one Dockerfile read when Options.MaxFileSize is
// zero. Real Dockerfiles are a few kilobytes; heredocs make some larger.
const DefaultMaxFileSize = 1 << 20

// Options tune a Loader.
type Options struct {
	// MaxFileSize bounds each file read; a bigger file is a Diagnostic.
	MaxFileSize int64
	// Exclude leaves paths out of a directory walk (gitignore syntax,
	// relative to the scanned directory).
	Exclude *exclude.Matcher
}

// Loader reads Dockerfiles into targets. It is safe for concurrent use.
type Loader struct {
	opts Options
}

// New returns a Loader.
func New(opts Options) *Loader {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	return &Loader{opts: opts}
}

var _ engine.Loader = (*Loader)(nil)

// notDockerfile are extensions that make Dockerfile.<ext> some other file
// about Dockerfiles (a policy, docs, a lint config), not a Dockerfile.
var notDockerfile = map[string]bool{
	".rego": true, ".md": true, ".txt": true, ".go": true, ".json": true, ".yaml": true, ".yml": true,
	".sh": true, ".py": true, ".js": true, ".ts": true, ".tf": true, ".toml": true, ".lock": true,
	".dockerignore": true, ".bak": true, ".orig": true, ".swp": true,
}

// IsDockerfile reports whether a file name is one a directory walk loads:
// Dockerfile, Containerfile, Dockerfile.<variant>, <anything>.Dockerfile
// (case-insensitive), but not Dockerfile.<source extension> such as a
// dockerfile.rego policy.
func IsDockerfile(name string) bool {
	n := strings.ToLower(name)
	switch {
	case n == "dockerfile", n == "containerfile":
		return true
	case strings.HasPrefix(n, "dockerfile.") && len(n) > len("dockerfile."):
		return !notDockerfile[path.Ext(n)]
	case strings.HasSuffix(n, ".dockerfile") && len(n) > len(".dockerfile"):
		return true
	}
	return false
}

// skipDir is a directory a walk does not enter: hidden ones (.git among
// them), dependencies and vendored code, which are someone else's images.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor"
}

// Load reads the Dockerfiles at p: p itself when it is a file (whatever its
// name), or every Dockerfile under p when it is a directory. Input problems
// come back as engine.Diagnostics together with the targets that did load;
// a file with a problem yields no target.
func (l *Loader) Load(ctx context.Context, p string) ([]*engine.Target, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", p, err)
	}
	dir, name := p, "."
	if !info.IsDir() {
		dir, name = filepath.Dir(p), filepath.Base(p)
	}
	// Reads are confined to the scanned directory (for a file, its
	// directory): no symlink leads out of it.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", p, err)
	}
	defer root.Close()
	ts, err := l.loadFS(ctx, root.FS(), name, filepath.Clean(p))
	if ctx.Err() != nil {
		// Cancellation is not a problem in the input.
		return nil, fmt.Errorf("load %s: %w", p, ctx.Err())
	}
	return ts, err
}

// loadFS loads name, "." for the whole of fsys or one file in it; display
// is the path as the user wrote it: reported paths start with it.
func (l *Loader) loadFS(ctx context.Context, fsys fs.FS, name, display string) ([]*engine.Target, error) {
	if name != "." {
		id := filepath.ToSlash(display)
		b, ok, d := l.read(fsys, name, id)
		if d != nil {
			return nil, engine.Diagnostics{*d}
		}
		if !ok {
			return nil, engine.Diagnostics{{File: id, Message: "not a regular file inside its directory"}}
		}
		t, err := Parse(id, b)
		if t != nil {
			t.Path = display
			return []*engine.Target{t}, nil
		}
		return nil, err
	}
	prefix := filepath.ToSlash(display)
	files, diags := l.walk(ctx, fsys)
	var targets []*engine.Target
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		id := path.Join(prefix, f)
		b, ok, d := l.read(fsys, f, id)
		if d != nil {
			diags = append(diags, *d)
		}
		if !ok {
			continue
		}
		t, err := Parse(id, b)
		if t == nil {
			if ds, isDiag := err.(engine.Diagnostics); isDiag {
				diags = append(diags, ds...)
			} else {
				diags = append(diags, engine.Diagnostic{File: id, Message: err.Error()})
			}
			continue
		}
		t.Path = filepath.Join(display, filepath.FromSlash(f))
		targets = append(targets, t)
	}
	slices.SortFunc(targets, func(a, b *engine.Target) int { return strings.Compare(a.ID, b.ID) })
	return targets, diags.Err()
}

// walk lists the Dockerfiles of fsys in lexical order. Symlinked
// directories are not entered; a symlinked file counts when it resolves
// inside the tree (fsys refuses the others).
func (l *Loader) walk(ctx context.Context, fsys fs.FS) ([]string, engine.Diagnostics) {
	var files []string
	var diags engine.Diagnostics
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if l.opts.Exclude.Match(p, d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != "." && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if IsDockerfile(d.Name()) && (d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil && ctx.Err() == nil {
		diags = append(diags, engine.Diagnostic{Message: err.Error()})
	}
	return files, diags
}

// read reads one file, bounded. ok is false, without a diagnostic, for
// what is silently skipped: a symlink leading out of the tree or to a
// directory, a file that vanished.
func (l *Loader) read(fsys fs.FS, name, id string) ([]byte, bool, *engine.Diagnostic) {
	info, err := fs.Stat(fsys, name)
	if err != nil || !info.Mode().IsRegular() {
		return nil, false, nil
	}
	if info.Size() > l.opts.MaxFileSize {
		return nil, false, &engine.Diagnostic{File: id, Message: fmt.Sprintf("file too large (%d bytes, limit %d)", info.Size(), l.opts.MaxFileSize)}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, false, nil
	}
	defer f.Close()
	b, err := engine.ReadAllLimit(f, l.opts.MaxFileSize)
	if err != nil {
		return nil, false, &engine.Diagnostic{File: id, Message: fmt.Sprintf("cannot read: %v", err)}
	}
	return b, true, nil
}
