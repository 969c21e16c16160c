// Package walk finds and reads the files of one kind in a tree, for the
// loaders that judge single files (Dockerfiles, SBOMs): the same skips,
// excludes and bounds for every kind.
package walk

import (
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/exclude"
)

// skipDir reports whether a walk leaves a directory out: hidden ones (.git
// among them), dependencies and vendored code, which are someone else's.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor"
}

// Files lists the files of fsys whose names match, in lexical order.
// Symlinked directories are not entered; a symlinked file counts (reading
// it through fsys fails when it leads out of the tree). A directory that
// cannot be read is a Diagnostic (its File relative to fsys), never a
// silent gap in what was judged.
func Files(ctx context.Context, fsys fs.FS, ex *exclude.Matcher, match func(name string) bool) ([]string, engine.Diagnostics) {
	var files []string
	var diags engine.Diagnostics
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			diags = append(diags, engine.Diagnostic{File: p, Message: "cannot read: " + err.Error()})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if ex.Match(p, d.IsDir()) {
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
		if match(d.Name()) && (d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil && ctx.Err() == nil {
		diags = append(diags, engine.Diagnostic{Message: err.Error()})
	}
	return files, diags
}

// Read reads one file, bounded by limit; id names it in diagnostics. ok is
// false, without a diagnostic, for what is silently skipped: a symlink
// leading out of the tree or to a directory, a file that vanished.
func Read(fsys fs.FS, name, id string, limit int64) (b []byte, ok bool, d *engine.Diagnostic) {
	info, err := fs.Stat(fsys, name)
	if err != nil || !info.Mode().IsRegular() {
		return nil, false, nil
	}
	if info.Size() > limit {
		return nil, false, &engine.Diagnostic{File: id, Message: fmt.Sprintf("file too large (%d bytes, limit %d)", info.Size(), limit)}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, false, nil
	}
	defer f.Close()
	b, err = engine.ReadAllLimit(f, limit)
	if err != nil {
		return nil, false, &engine.Diagnostic{File: id, Message: fmt.Sprintf("cannot read: %v", err)}
	}
	return b, true, nil
}
