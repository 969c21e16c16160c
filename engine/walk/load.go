package walk

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

// Kind is one single-file target kind, as Load reads it.
type Kind struct {
	// Match picks the files a directory walk considers, by name.
	Match func(name string) bool
	// Sniff, when set, confirms a walked file by content (a .json named
	// like an SBOM that is not one is skipped). A file named on the
	// command line is not sniffed: its loader was chosen for it.
	Sniff func(src []byte) bool
	// Parse builds the target of one file; id is its slash path.
	Parse       func(id string, src []byte) (*engine.Target, error)
	MaxFileSize int64
	Exclude     *exclude.Matcher
}

// Load reads the targets at p: p itself when it is a file (whatever its
// name), or every matching file under p when it is a directory. Reads are
// confined to the scanned directory (for a file, its directory): no symlink
// leads out of it. Input problems come back as engine.Diagnostics together
// with the targets that did load; a file with a problem yields no target.
func Load(ctx context.Context, p string, k Kind) ([]*engine.Target, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", p, err)
	}
	dir, name := p, "."
	if !info.IsDir() {
		dir, name = filepath.Dir(p), filepath.Base(p)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", p, err)
	}
	defer root.Close()
	ts, err := loadFS(ctx, root.FS(), name, filepath.Clean(p), k)
	if ctx.Err() != nil {
		// Cancellation is not a problem in the input.
		return nil, fmt.Errorf("load %s: %w", p, ctx.Err())
	}
	return ts, err
}

// loadFS loads name, "." for the whole of fsys or one file in it; display
// is the path as the user wrote it: reported paths start with it.
func loadFS(ctx context.Context, fsys fs.FS, name, display string, k Kind) ([]*engine.Target, error) {
	if name != "." {
		id := filepath.ToSlash(display)
		b, ok, d := Read(fsys, name, id, k.MaxFileSize)
		if d != nil {
			return nil, engine.Diagnostics{*d}
		}
		if !ok {
			return nil, engine.Diagnostics{{File: id, Message: "not a regular file inside its directory"}}
		}
		t, err := k.Parse(id, b)
		if t != nil {
			t.Path = display
			return []*engine.Target{t}, nil
		}
		return nil, err
	}
	prefix := filepath.ToSlash(display)
	files, diags := Files(ctx, fsys, k.Exclude, k.Match)
	for i := range diags {
		diags[i].File = path.Join(prefix, diags[i].File)
	}
	var targets []*engine.Target
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		id := path.Join(prefix, f)
		b, ok, d := Read(fsys, f, id, k.MaxFileSize)
		if d != nil {
			diags = append(diags, *d)
		}
		if !ok || (k.Sniff != nil && !k.Sniff(b)) {
			continue
		}
		t, err := k.Parse(id, b)
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

// LoadStaged parses, as staged, every file of its kind a commit adds or
// changes (named like one and, with Sniff, confirmed by content).
func LoadStaged(ctx context.Context, s *engine.Staged, k Kind) ([]*engine.Target, error) {
	var targets []*engine.Target
	var diags engine.Diagnostics
	for _, c := range s.Changes {
		if c.Deleted || !k.Match(path.Base(c.Path)) {
			continue
		}
		b, err := s.ReadFile(c.Path, k.MaxFileSize)
		if err != nil {
			diags = append(diags, engine.Diagnostic{File: c.Path, Message: err.Error()})
			continue
		}
		if k.Sniff != nil && !k.Sniff(b) {
			continue
		}
		t, err := k.Parse(c.Path, b)
		if t != nil {
			targets = append(targets, t)
		}
		if err := diags.Collect(ctx, c.Path, err); err != nil {
			return nil, err
		}
	}
	return targets, diags.Err()
}
