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
	"github.com/paved-dev/paved/engine/walk"
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
		b, ok, d := l.readFile(fsys, name, id)
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
	files, diags := walk.Files(ctx, fsys, l.opts.Exclude, IsDockerfile)
	var targets []*engine.Target
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		id := path.Join(prefix, f)
		b, ok, d := l.readFile(fsys, f, id)
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

// readFile reads one file, bounded by MaxFileSize.
func (l *Loader) readFile(fsys fs.FS, name, id string) ([]byte, bool, *engine.Diagnostic) {
	return walk.Read(fsys, name, id, l.opts.MaxFileSize)
}
