package terraform

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"golang.org/x/sync/errgroup"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/exclude"
)

// DefaultMaxFileSize bounds one file read when Options.MaxFileSize is zero.
const DefaultMaxFileSize = 4 << 20

// Options tune a Loader.
type Options struct {
	// VarFiles are variable files (HCL or JSON) applied to root modules after
	// terraform.tfvars and *.auto.tfvars, in order, like -var-file.
	VarFiles []string
	// Vars are name=value pairs applied last, like -var. A value is read as
	// an HCL expression when it is one (10, true, ["a"], {a = 1}), else as
	// a string.
	Vars map[string]string
	// Exclude leaves paths out of a directory walk (gitignore syntax,
	// relative to the scanned directory): test fixtures, vendored code.
	// A local module outside the walk is still read when a target calls it.
	Exclude *exclude.Matcher
	// MaxFileSize bounds each file read; a bigger file is a Diagnostic.
	MaxFileSize int64
	// Logger receives warnings about the input that do not stop a target
	// from loading, such as a reference to a resource the module does not
	// declare (slog.Default() when nil).
	Logger *slog.Logger
}

// Loader reads Terraform configurations and plans into targets. It is safe
// for concurrent use.
type Loader struct {
	opts  Options
	funcs map[string]function.Function
}

// New returns a Loader.
func New(opts Options) *Loader {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	return &Loader{opts: opts, funcs: pureFunctions()}
}

var _ engine.Loader = (*Loader)(nil)

// Load reads the targets at path: every root module of a directory tree
// (and the plans in it), the module of a single .tf or .tf.json file, or a
// plan file. Input problems come back as engine.Diagnostics together with
// the targets that did load; a target with a problem is not returned.
func (l *Loader) Load(ctx context.Context, p string) ([]*engine.Target, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", p, err)
	}
	abs, err := filepath.Abs(p)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", p, err)
	}
	scan := abs
	if !info.IsDir() {
		scan = filepath.Dir(abs)
	}
	// Reads are confined to the enclosing repository (or the scanned
	// directory when there is none): a module in examples/x may call
	// "../../", but no symlink or source leads out of the tree.
	boundary := repoRoot(scan)
	root, err := os.OpenRoot(boundary)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", p, err)
	}
	defer root.Close()
	rel, err := filepath.Rel(boundary, abs)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", p, err)
	}
	return l.LoadFS(ctx, root.FS(), filepath.ToSlash(rel), filepath.Clean(p))
}

// repoRoot is the nearest directory at or above dir holding .git, else dir.
func repoRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// load is the state of one Load call, shared by its goroutines.
type load struct {
	l        *Loader
	ctx      context.Context
	fsys     fs.FS
	scanDir  string // fs path of the scanned directory
	prefix   string // the scanned directory as the user wrote it: reported paths start with it
	max      int64
	varFiles []assignment
	vars     []assignment
	extra    []digestPart // what Options contributed, for digests
	osFiles  map[string]bool

	mu       sync.Mutex
	modules  map[string]*moduleEntry
	warnings hcl.Diagnostics // guarded by mu
}

type moduleEntry struct {
	once sync.Once
	cfg  *moduleConfig
}

type assignment struct {
	name string
	val  cty.Value
}

// loadFS loads p, a slash path in fsys; display is the path as the user
// wrote it, which names single-file targets and prefixes Target.Path.
func (l *Loader) LoadFS(ctx context.Context, fsys fs.FS, p, display string) ([]*engine.Target, error) {
	ts, err := l.loadPath(ctx, fsys, p, display)
	if ctx.Err() != nil {
		// Cancellation is not a problem in the input.
		return nil, fmt.Errorf("load %s: %w", display, ctx.Err())
	}
	return ts, err
}

func (l *Loader) loadPath(ctx context.Context, fsys fs.FS, p, display string) ([]*engine.Target, error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", display, err)
	}
	ld := &load{l: l, ctx: ctx, fsys: fsys, max: l.opts.MaxFileSize, modules: map[string]*moduleEntry{}, osFiles: map[string]bool{}}
	defer ld.logWarnings()
	var diags hcl.Diagnostics
	diags = append(diags, ld.prepareVars()...)
	if diags.HasErrors() {
		return nil, ld.engineDiags(diags).Err()
	}
	name := path.Base(p)
	switch {
	case info.IsDir():
		ld.scanDir = p
		ld.prefix = filepath.ToSlash(filepath.Clean(display))
		targets, tdiags := ld.tree(display)
		return targets, ld.engineDiags(append(diags, tdiags...)).Err()
	case strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json"):
		ld.scanDir = path.Dir(p)
		ld.prefix = filepath.ToSlash(filepath.Dir(display))
		id := ld.prefix
		t, tdiags := ld.moduleTarget(ld.scanDir, id, filepath.Dir(display))
		diags = append(diags, tdiags...)
		diags = append(diags, ld.module(ld.scanDir).diags...)
		return targetList(t), ld.engineDiags(diags).Err()
	default:
		ld.scanDir = path.Dir(p)
		ld.prefix = filepath.ToSlash(filepath.Dir(display))
		b, ok, d := ld.readFile(p, nil)
		if d != nil {
			return nil, ld.engineDiags(hcl.Diagnostics{d}).Err()
		}
		if !ok || !IsPlan(b) {
			return nil, engine.Diagnostics{{File: filepath.ToSlash(display),
				Message: "not a Terraform file, module directory or plan (terraform show -json)"}}
		}
		t, tdiags := ld.planTarget(b, p, filepath.ToSlash(display), display)
		return targetList(t), ld.engineDiags(tdiags).Err()
	}
}

func targetList(t *engine.Target) []*engine.Target {
	if t == nil {
		return nil
	}
	return []*engine.Target{t}
}

// tree loads every target under the scan directory.
func (ld *load) tree(display string) ([]*engine.Target, hcl.Diagnostics) {
	dirs, plans, diags := ld.walk()
	if ld.ctx.Err() != nil {
		return nil, nil
	}
	limit := runtime.GOMAXPROCS(0)

	// Parse every module first: which directories are targets depends on
	// who calls whom.
	g, gctx := errgroup.WithContext(ld.ctx)
	g.SetLimit(limit)
	for _, d := range dirs {
		g.Go(func() error {
			ld.module(d)
			return gctx.Err()
		})
	}
	_ = g.Wait()
	for _, d := range dirs {
		diags = append(diags, ld.module(d).diags...)
	}
	roots := ld.selectTargets(dirs)

	type result struct {
		t     *engine.Target
		diags hcl.Diagnostics
	}
	results := make([]result, len(roots)+len(plans))
	g, gctx = errgroup.WithContext(ld.ctx)
	g.SetLimit(limit)
	for i, d := range roots {
		g.Go(func() error {
			if gctx.Err() != nil {
				return gctx.Err()
			}
			id := ld.rel(d)
			t, ds := ld.moduleTarget(d, id, filepath.FromSlash(id))
			results[i] = result{t, ds}
			return nil
		})
	}
	for i, p := range plans {
		g.Go(func() error {
			if gctx.Err() != nil {
				return gctx.Err()
			}
			b, ok, d := ld.readFile(p, nil)
			switch {
			case d != nil:
				results[len(roots)+i] = result{diags: hcl.Diagnostics{d}}
			case ok && IsPlan(b):
				id := ld.rel(p)
				t, ds := ld.planTarget(b, p, id, filepath.FromSlash(id))
				results[len(roots)+i] = result{t, ds}
			}
			return nil
		})
	}
	if g.Wait() != nil {
		return nil, nil // cancelled; loadFS reports it
	}
	var targets []*engine.Target
	for _, r := range results {
		diags = append(diags, r.diags...)
		if r.t != nil {
			targets = append(targets, r.t)
		}
	}
	slices.SortFunc(targets, func(a, b *engine.Target) int { return strings.Compare(a.ID, b.ID) })
	return targets, diags
}

// walk finds the module directories and candidate plan files under the
// scan directory. It skips VCS, tool and hidden directories and follows no
// symlinked directory; a symlinked file counts only when it resolves inside
// the tree (fsys refuses the others).
func (ld *load) walk() (dirs, plans []string, diags hcl.Diagnostics) {
	mods := map[string]bool{}
	err := fs.WalkDir(ld.fsys, ld.scanDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == ld.scanDir {
				return err
			}
			// Not a silent gap: what it holds would pass unjudged.
			diags = append(diags, fileDiag(p, "cannot read: "+err.Error()))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err := ld.ctx.Err(); err != nil {
			return err
		}
		name := d.Name()
		if p != ld.scanDir && ld.l.opts.Exclude.Match(relPath(ld.scanDir, p), d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != ld.scanDir && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return fs.SkipDir
			}
			return nil
		}
		if ignoredFile(name) {
			return nil
		}
		var size int64
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := fs.Stat(ld.fsys, p)
			if err != nil || !info.Mode().IsRegular() {
				return nil
			}
			size = info.Size()
		} else if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				size = info.Size()
			}
		} else {
			return nil
		}
		switch {
		case strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json"):
			mods[path.Dir(p)] = true
		case strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".tfvars.json"):
			if size <= ld.max {
				plans = append(plans, p)
			} else if ld.looksLikePlan(p) {
				diags = append(diags, fileDiag(p, fmt.Sprintf("plan file too large (%d bytes, limit %d)", size, ld.max)))
			}
		}
		return nil
	})
	if err != nil {
		diags = append(diags, fileDiag(ld.scanDir, err.Error()))
	}
	for d := range mods {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs, plans, diags
}

// ignoredFile is a file Terraform itself ignores: hidden, or an editor's
// backup or lock file.
func ignoredFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~")
}

// looksLikePlan peeks at the start of a file too large to read whole.
func (ld *load) looksLikePlan(p string) bool {
	f, err := ld.fsys.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 1024)
	n, _ := io.ReadFull(f, head)
	s := string(head[:n])
	return strings.Contains(s, `"format_version"`) && strings.Contains(s, `"terraform_version"`)
}

// selectTargets keeps the module directories no other scanned directory
// uses as a local module: those are judged through their callers. A
// directory reachable only through a cycle of calls is kept too, so that
// everything is judged somewhere.
func (ld *load) selectTargets(dirs []string) []string {
	scanned := map[string]bool{}
	for _, d := range dirs {
		scanned[d] = true
	}
	used := map[string]bool{}
	edges := map[string][]string{}
	for _, d := range dirs {
		for _, c := range ld.module(d).calls {
			if c.localDir != "" && scanned[c.localDir] && c.localDir != d {
				used[c.localDir] = true
				edges[d] = append(edges[d], c.localDir)
			}
		}
	}
	reached := map[string]bool{}
	var visit func(string)
	visit = func(d string) {
		if reached[d] {
			return
		}
		reached[d] = true
		for _, n := range edges[d] {
			visit(n)
		}
	}
	var roots []string
	for _, d := range dirs {
		if !used[d] {
			roots = append(roots, d)
			visit(d)
		}
	}
	for _, d := range dirs {
		if !reached[d] {
			roots = append(roots, d)
			visit(d)
		}
	}
	return roots
}

// module returns the parsed module in dir, reading it once per Load.
func (ld *load) module(dir string) *moduleConfig {
	ld.mu.Lock()
	e := ld.modules[dir]
	if e == nil {
		e = &moduleEntry{}
		ld.modules[dir] = e
	}
	ld.mu.Unlock()
	e.once.Do(func() { e.cfg = ld.readModule(dir) })
	return e.cfg
}

// readFile reads a file of the tree, bounded. ok is false, without a
// diagnostic, for what is silently skipped: a symlink leading out of the
// tree, a directory, a file that vanished.
func (ld *load) readFile(p string, e fs.DirEntry) ([]byte, bool, *hcl.Diagnostic) {
	var info fs.FileInfo
	var err error
	if e != nil && e.Type()&fs.ModeSymlink == 0 {
		info, err = e.Info()
	} else {
		info, err = fs.Stat(ld.fsys, p)
	}
	if err != nil || !info.Mode().IsRegular() {
		return nil, false, nil
	}
	if info.Size() > ld.max {
		return nil, false, fileDiag(p, fmt.Sprintf("file too large (%d bytes, limit %d)", info.Size(), ld.max))
	}
	f, err := ld.fsys.Open(p)
	if err != nil {
		return nil, false, nil
	}
	defer f.Close()
	// Sized from the stat, one byte over to notice a file that grew.
	b := make([]byte, 0, info.Size()+1)
	for int64(len(b)) <= ld.max {
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, fileDiag(p, fmt.Sprintf("cannot read: %v", err))
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
	if int64(len(b)) > ld.max {
		return nil, false, fileDiag(p, fmt.Sprintf("file too large (more than %d bytes)", ld.max))
	}
	return b, true, nil
}

func fileDiag(file, msg string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: msg, Subject: &hcl.Range{Filename: file}}
}

// rel is an fs path as reported: the scanned directory as the user wrote
// it, joined with the path relative to it, so reports name files the way
// the user (and a CI checkout) sees them.
func (ld *load) rel(p string) string {
	if ld.osFiles[p] {
		return p
	}
	return path.Join(ld.prefix, relPath(ld.scanDir, p))
}

// engineDiags turns HCL errors into engine diagnostics, deduplicated (a
// module used by many targets reports its problems once) and sorted.
func (ld *load) engineDiags(ds hcl.Diagnostics) engine.Diagnostics {
	return ld.convertDiags(ds, hcl.DiagError)
}

// warn records a warning, logged once when the load ends.
func (ld *load) warn(d *hcl.Diagnostic) {
	ld.mu.Lock()
	ld.warnings = append(ld.warnings, d)
	ld.mu.Unlock()
}

func (ld *load) logWarnings() {
	if ld.ctx.Err() != nil {
		return
	}
	ld.mu.Lock()
	ws := ld.convertDiags(ld.warnings, hcl.DiagWarning)
	ld.mu.Unlock()
	logger := ld.l.opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	for _, w := range ws {
		logger.Warn(w.Error(), "kind", string(Kind))
	}
}

func (ld *load) convertDiags(ds hcl.Diagnostics, sev hcl.DiagnosticSeverity) engine.Diagnostics {
	var out engine.Diagnostics
	seen := map[string]bool{}
	for _, d := range ds {
		if d.Severity != sev {
			continue
		}
		ed := engine.Diagnostic{Message: d.Summary}
		if d.Detail != "" {
			ed.Message += ": " + d.Detail
		}
		if d.Subject != nil {
			if d.Subject.Filename != "" {
				ed.File = ld.rel(d.Subject.Filename)
			}
			ed.Line, ed.Column = d.Subject.Start.Line, d.Subject.Start.Column
		}
		if k := ed.Error(); !seen[k] {
			seen[k] = true
			out = append(out, ed)
		}
	}
	slices.SortStableFunc(out, func(a, b engine.Diagnostic) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return out
}

// prepareVars reads Options.VarFiles and Options.Vars once per Load.
func (ld *load) prepareVars() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, f := range ld.l.opts.VarFiles {
		ld.osFiles[f] = true
		b, err := engine.ReadFileLimit(f, ld.max)
		if err != nil {
			diags = append(diags, fileDiag(f, err.Error()))
			continue
		}
		as, ds := parseAssignments(b, f)
		diags = append(diags, ds...)
		ld.varFiles = append(ld.varFiles, as...)
		ld.extra = append(ld.extra, digestPart{"--var-file " + f, b})
	}
	names := make([]string, 0, len(ld.l.opts.Vars))
	for n := range ld.l.opts.Vars {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := ld.l.opts.Vars[n]
		ld.vars = append(ld.vars, assignment{n, parseVarValue(s)})
		ld.extra = append(ld.extra, digestPart{"--var " + n, []byte(s)})
	}
	return diags
}

// parseVarValue reads a --var value: an HCL expression when it is a
// constant one, else the string as written.
func parseVarValue(s string) cty.Value {
	if checkNesting([]byte(s), "", false, lexExpression) == nil {
		if e, d := hclsyntax.ParseExpression([]byte(s), "", hcl.InitialPos); !d.HasErrors() {
			if v, d := e.Value(nil); !d.HasErrors() && v.IsWhollyKnown() {
				return v
			}
		}
	}
	return cty.StringVal(s)
}

// parseAssignments reads a variables file (.tfvars or .tfvars.json).
func parseAssignments(src []byte, name string) ([]assignment, hcl.Diagnostics) {
	isJSON := strings.HasSuffix(name, ".json")
	if d := checkNesting(src, name, isJSON, lexConfig); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	if isJSON {
		f, diags = hcljson.Parse(src, name)
	} else {
		f, diags = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	attrs, ds := f.Body.JustAttributes()
	diags = append(diags, ds...)
	var out []assignment
	for _, a := range sortedHCLAttrs(attrs) {
		v, ds := a.Expr.Value(nil)
		if ds.HasErrors() {
			diags = append(diags, ds...)
			continue
		}
		out = append(out, assignment{a.Name, v})
	}
	return out, diags
}
