package check

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/gitindex"
)

// mergeBase is the scanned paths as they were at the merge base of
// --new-since and HEAD, written out of git's objects into a temporary
// directory and loaded like a checkout.
type mergeBase struct {
	commit  string
	targets []*engine.Target
	dir     string
	paths   []pathPair
}

// pathPair maps a path of the written-out tree back to the user's path.
type pathPair struct{ base, user string }

func loadMergeBase(ctx context.Context, kinds []engine.KindLoader, opts Options) (*mergeBase, error) {
	// A reference (an image) has no past in git: the merge base holds
	// none, so every finding of its targets counts as new.
	var files []string
	for _, p := range opts.Paths {
		if referenceKind(kinds, p) == nil {
			files = append(files, p)
		}
	}
	if len(files) == 0 {
		return &mergeBase{}, nil // no git needed: nothing has a past
	}
	b, err := gitindex.MergeBase(files[0], opts.NewSince)
	if err != nil {
		return nil, fmt.Errorf("--new-since %s: %w", opts.NewSince, err)
	}
	root, err := filepath.EvalSymlinks(b.Root)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "paved-base-*")
	if err != nil {
		return nil, err
	}
	mb := &mergeBase{commit: b.Commit, dir: tmp}
	var prefixes []string
	repoRoot := false
	for _, p := range files {
		abs, err := filepath.Abs(p)
		if err == nil {
			abs, err = filepath.EvalSymlinks(abs)
		}
		if err != nil {
			mb.close()
			return nil, err
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			mb.close()
			return nil, fmt.Errorf("--new-since: %s is outside the repository at %s", p, root)
		}
		repoRoot = repoRoot || rel == "."
		prefixes = append(prefixes, filepath.ToSlash(rel))
		mb.paths = append(mb.paths, pathPair{base: filepath.Join(tmp, rel), user: filepath.Clean(p)})
	}
	if err := b.WriteTo(ctx, tmp, prefixes); err != nil {
		mb.close()
		return nil, fmt.Errorf("--new-since: %w", err)
	}
	if repoRoot {
		// The repository's git facts for its repo target; the tree is the base's.
		_ = os.Symlink(filepath.Join(root, ".git"), filepath.Join(tmp, ".git"))
	}
	var paths []string
	for _, pp := range mb.paths {
		if _, err := os.Stat(pp.base); err == nil {
			paths = append(paths, pp.base)
		}
	}
	// The base's targets are named as the working tree's: the same
	// repository, the same paths inside it.
	base := scope{root: realPath(tmp), repo: scopeOf(root, opts.Repo).repo}
	ld, err := loadPaths(ctx, kinds, paths, func(string) scope { return base })
	if err != nil {
		mb.close()
		return nil, err
	}
	if len(ld.diags) > 0 {
		// What the base could not load counts as not there: its findings
		// in the change are new.
		slog.Debug("merge base input not loaded", "problems", len(ld.diags))
	}
	mb.targets = ld.targets
	return mb, nil
}

func (mb *mergeBase) close() {
	if mb.dir != "" {
		os.RemoveAll(mb.dir)
	}
}

// remap renames a path of the written-out tree as the user's path.
func (mb *mergeBase) remap(s string) string {
	for _, pp := range mb.paths {
		if s == pp.base {
			return pp.user
		}
		if rest, ok := strings.CutPrefix(s, pp.base+string(filepath.Separator)); ok {
			return filepath.ToSlash(filepath.Join(pp.user, rest))
		}
	}
	return s
}

// findings are the fingerprints the merge base's results would have had in
// this run: the same policy, target and resource (named by the user's paths
// where it names a file).
func (mb *mergeBase) findings(results []engine.Result) engine.Baseline {
	out := engine.Baseline{}
	for _, r := range results {
		if r.Status != engine.StatusFail && r.Status != engine.StatusWarn {
			continue
		}
		out[engine.Fingerprint(r.Policy.ID, r.Target.Identity(), mb.remap(r.Resource))] = true
	}
	return out
}
