package terraform

import (
	"context"
	"io/fs"
	"path"
	"strings"

	"github.com/paved-dev/paved/engine"
)

// Kind is the kind of Terraform targets: root modules and plans.
const Kind engine.Kind = "terraform"

var _ engine.KindLoader = (*Loader)(nil)

// Kind implements engine.KindLoader.
func (l *Loader) Kind() engine.Kind { return Kind }

// Describe implements engine.KindLoader.
func (l *Loader) Describe() string {
	return "a .tf/.tf.json file or a Terraform plan (terraform show -json)"
}

// Detect claims directories (every module in the tree), .tf and .tf.json
// files, and JSON plans by content.
func (l *Loader) Detect(p *engine.Probe) bool {
	name := p.Name()
	switch {
	case p.Dir, IsFile(name):
		return true
	case strings.HasSuffix(name, ".json"):
		return IsPlan(p.Head())
	}
	return false
}

// LoadStaged loads every module a commit touches, as staged: a staged file
// brings in its whole module, and only that module (not the directories
// below it).
func (l *Loader) LoadStaged(ctx context.Context, s *engine.Staged) ([]*engine.Target, error) {
	var targets []*engine.Target
	var diags engine.Diagnostics
	seen := map[string]bool{}
	for _, c := range s.Changes {
		d := path.Dir(c.Path)
		if !IsFile(c.Path) || seen[d] {
			continue
		}
		seen[d] = true
		m := moduleFile(s.FS, d)
		if m == "" {
			continue // the commit deletes the module's last file
		}
		ts, err := l.LoadFS(ctx, s.FS, m, m)
		targets = append(targets, ts...)
		if err := diags.Collect(ctx, m, err); err != nil {
			return nil, err
		}
	}
	return targets, diags.Err()
}

// IsFile reports whether name is a Terraform configuration file.
func IsFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// moduleFile is a Terraform file of dir, "" when it has none.
func moduleFile(fsys fs.FS, dir string) string {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if !e.IsDir() && IsFile(e.Name()) {
			return path.Join(dir, e.Name())
		}
	}
	return ""
}
