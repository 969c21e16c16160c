package scan

import (
	"context"
	"io/fs"
	"path"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/dockerfile"
	"github.com/paved-dev/paved/engine/gitindex"
	"github.com/paved-dev/paved/engine/repo"
	"github.com/paved-dev/paved/engine/sbom"
)

// loadStaged loads the targets a commit touches, from git's index: a staged
// .tf file brings in its whole module, read as staged, and a staged
// Dockerfile is judged as staged. Paths are reported
// relative to the repository root, as a commit names them.
func loadStaged(ctx context.Context, ls loaders, opts Options) ([]*engine.Target, engine.Diagnostics, func(string) ([]byte, error), error) {
	dir := "."
	if len(opts.Paths) > 0 {
		dir = opts.Paths[0]
	}
	ix, err := gitindex.Open(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	changes, err := ix.Staged()
	if err != nil {
		return nil, nil, nil, err
	}
	fsys := ix.FS()
	// One staged file per touched module: loading a file loads its
	// module, and only that module (not the directories below it).
	var modules []string
	seen := map[string]bool{}
	for _, c := range changes {
		d := path.Dir(c.Path)
		if !isTerraformFile(c.Path) || seen[d] {
			continue
		}
		seen[d] = true
		if f := terraformFile(fsys, d); f != "" {
			modules = append(modules, f)
		}
	}
	var targets []*engine.Target
	var diags engine.Diagnostics
	for _, m := range modules {
		ts, err := ls.terraform.LoadFS(ctx, fsys, m, m)
		targets = append(targets, ts...)
		ds, err := diagnostics(ctx, m, err)
		if err != nil {
			return nil, nil, nil, err
		}
		diags = append(diags, ds...)
	}
	for _, c := range changes {
		base := path.Base(c.Path)
		var parse func(id string, src []byte) (*engine.Target, error)
		switch {
		case c.Kind == gitindex.Deleted:
			continue
		case dockerfile.IsDockerfile(base):
			parse = dockerfile.Parse
		case sbom.IsSBOMName(base):
			parse = ls.sbom.Parse
		default:
			continue
		}
		b, err := readStaged(fsys, c.Path)
		if err != nil {
			diags = append(diags, engine.Diagnostic{File: c.Path, Message: err.Error()})
			continue
		}
		if parse == nil || (sbom.IsSBOMName(base) && !sbom.IsSBOMContent(b)) {
			continue
		}
		t, err := parse(c.Path, b)
		if t != nil {
			targets = append(targets, t)
		}
		ds, err := diagnostics(ctx, c.Path, err)
		if err != nil {
			return nil, nil, nil, err
		}
		diags = append(diags, ds...)
	}
	// The repository itself, as staged: every commit can add a secret, a
	// binary or a broken workflow. Per-file work covers the staged paths.
	if len(changes) > 0 {
		scope := &repo.Scope{Paths: map[string]bool{}}
		for _, c := range changes {
			scope.Paths[c.Path] = true
		}
		rl, err := ls.repo()
		if err != nil {
			return nil, nil, nil, err
		}
		ts, err := rl.LoadFS(ctx, fsys, ".", ix.Root(), scope)
		targets = append(targets, ts...)
		ds, err := diagnostics(ctx, ".", err)
		if err != nil {
			return nil, nil, nil, err
		}
		diags = append(diags, ds...)
		inheritOwner(targets)
	}
	return targets, diags, func(name string) ([]byte, error) { return readStaged(fsys, name) }, nil
}

// readStaged reads a staged file, bounded like every input.
func readStaged(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return engine.ReadAllLimit(f, sbom.DefaultMaxFileSize)
}

func isTerraformFile(p string) bool {
	return strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json")
}

// terraformFile is a Terraform file of a staged directory, "" when a commit
// deletes the module's last one.
func terraformFile(fsys fs.FS, dir string) string {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if !e.IsDir() && isTerraformFile(e.Name()) {
			return path.Join(dir, e.Name())
		}
	}
	return ""
}
