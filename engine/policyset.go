package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
)

// maxPolicyFile bounds one .rego file; policies are code, not data.
const maxPolicyFile = 4 << 20

// Policy is the metadata of one policy package, from its METADATA block.
type Policy struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Description   string   `json:"description,omitempty"`
	Severity      string   `json:"severity"`
	Kind          Kind     `json:"kind"`
	ResourceTypes []string `json:"resource_types,omitempty"`
	Controls      []string `json:"controls"`
	// Related names peer checks that give the same verdicts ("this is that
	// check"); SeeAlso names peer checks on the same subject that differ.
	Related     []string `json:"related"`
	SeeAlso     []string `json:"see_also,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Remediation string   `json:"remediation,omitempty"`
	Enforcement string   `json:"enforcement"`
	Package     string   `json:"package"`
	File        string   `json:"file"`
}

// Ref is the part of the metadata results carry.
func (p *Policy) Ref() PolicyRef {
	return PolicyRef{ID: p.ID, Title: p.Title, Severity: p.Severity, Enforcement: p.Enforcement,
		Controls: p.Controls, Related: p.Related, Remediation: p.Remediation, Tags: p.Tags}
}

// PolicySource is a tree of .rego files: the embedded library or a user dir.
// Name prefixes file names in messages and digests ("builtin", a dir path).
// Lazy sources are parsed in full only when a run needs them (their
// metadata is read from the header alone): meant for the built-in library,
// which its own test suite parses and compiles at build time. User policies
// are parsed eagerly so a broken one is an error in every run.
type PolicySource struct {
	Name string
	FS   fs.FS
	Lazy bool
}

// PolicySet is a parsed and validated set of policies, compiled on demand
// (Compile). It is safe to share between goroutines.
type PolicySet struct {
	Policies []*Policy // sorted by ID
	Digest   string    // sha256 over every non-test file, by name (DigestFiles)
	files    map[string]*policyFile
	byFile   map[string]*Policy // the policy a file holds
	helpers  []*policyFile      // the files that hold no policy
}

// policyFile is one .rego file, read and parsed in full at most once.
type policyFile struct {
	name string
	test bool // a *_test.rego
	// An indexed file is read when first needed (source), from fsys.
	fsys     fs.FS
	path     string
	deferred bool
	readOnce sync.Once
	src      []byte
	readErr  error
	sum      [sha256.Size]byte // of src; an indexed file's from the index

	trusted bool        // from a Lazy source: verified by its own test suite
	indexed *Policy     // metadata from LoadOptions.Index, for lazy files
	header  *ast.Module // package and METADATA only, for lazy files
	uses    []string    // helper files it uses, from LoadOptions.Index
	once    sync.Once
	mod     *ast.Module
	err     error
}

// source is the file's content. An indexed file is read on first use and
// must match the digest its index gave, which the set's digest was made
// from: a stale index is an error, not a report naming other policies.
func (f *policyFile) source() ([]byte, error) {
	f.readOnce.Do(func() {
		if !f.deferred {
			return
		}
		b, err := readBounded(f.fsys, f.path, maxPolicyFile)
		if err == nil && sha256.Sum256(b) != f.sum {
			err = errors.New("not the file the policy index describes: regenerate the index")
		}
		f.src, f.readErr = b, err
	})
	return f.src, f.readErr
}

func (f *policyFile) parse() (*ast.Module, error) {
	f.once.Do(func() {
		src, err := f.source()
		if err != nil {
			f.err = err
			return
		}
		// An indexed file's metadata come from the index: its METADATA
		// blocks need not be parsed again (no policy reads rego.metadata).
		annotations := f.indexed == nil || !f.trusted
		f.mod, f.err = ast.ParseModuleWithOpts(f.name, string(src), ast.ParserOptions{ProcessAnnotation: annotations, RegoVersion: ast.RegoV1})
	})
	return f.mod, f.err
}

// head is the module that carries the file's package and metadata.
func (f *policyFile) head() *ast.Module {
	if f.header != nil {
		return f.header
	}
	return f.mod
}

// LoadOptions tune LoadPolicies.
type LoadOptions struct {
	Tests bool // also load *_test.rego (for `paved policy test`); parses everything
	// Index says what lazy sources' files are by file name (the name
	// Policy.File carries), so a run need not parse their headers. The
	// built-in library ships one, kept current by its tests.
	Index map[string]*IndexEntry
	// Kinds are the target kinds a policy may judge (custom.kind); a policy
	// of another kind is an error, not one that silently never runs. Nil
	// checks none (tests of single kinds); a check passes its registry's.
	Kinds []Kind
}

// IndexEntry is what an index knows of one file of a lazy source.
type IndexEntry struct {
	File    string   // as PolicySet names it: "builtin/lib/terraform.rego"
	SHA256  string   // of its content, hex: a run reads only the files it parses
	Package string   // its package: "data.paved.lib.tf"
	Policy  *Policy  // its metadata; nil for a helper
	Uses    []string // the helper files a policy uses, transitively, sorted
}

// LoadPolicies reads the policies of every source, parses them (lazy
// sources: their headers) and checks their metadata. Problems are collected
// and returned together as Diagnostics.
func LoadPolicies(ctx context.Context, opts LoadOptions, sources ...PolicySource) (*PolicySet, error) {
	ps := &PolicySet{files: map[string]*policyFile{}}
	var diags Diagnostics
	var eager []*policyFile
	for _, src := range sources {
		err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".rego") {
				return nil
			}
			isTest := strings.HasSuffix(p, "_test.rego")
			if isTest && !opts.Tests {
				return nil
			}
			name := path.Join(src.Name, p)
			if _, dup := ps.files[name]; dup {
				diags = append(diags, Diagnostic{File: name, Message: "policy file loaded twice"})
				return nil
			}
			f := &policyFile{name: name, test: isTest, fsys: src.FS, path: p, trusted: src.Lazy}
			lazy := src.Lazy && !opts.Tests
			if e, ok := opts.Index[name]; ok && lazy && f.fromIndex(e) {
				ps.files[name] = f
				return nil
			}
			b, err := readBounded(src.FS, p, maxPolicyFile)
			if err != nil {
				diags = append(diags, Diagnostic{File: name, Message: err.Error()})
				return nil
			}
			f.src, f.sum = b, sha256.Sum256(b)
			ps.files[name] = f
			if lazy {
				if f.header, err = parseHeader(name, b); err == nil {
					return nil
				}
			}
			eager = append(eager, f)
			return nil
		})
		if err != nil {
			diags = append(diags, Diagnostic{File: src.Name, Message: err.Error()})
		}
	}
	diags = append(diags, parseAll(eager)...)
	diags = append(diags, ps.collectPolicies(opts.Kinds)...)
	if len(diags) > 0 {
		return nil, diags
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ps.byFile = make(map[string]*Policy, len(ps.Policies))
	for _, p := range ps.Policies {
		ps.byFile[p.File] = p
	}
	sums := map[string][sha256.Size]byte{}
	for name, f := range ps.files {
		if !f.test {
			sums[name] = f.sum
		}
		if ps.byFile[name] == nil {
			ps.helpers = append(ps.helpers, f)
		}
	}
	ps.Digest = digestSums(sums)
	return ps, nil
}

// Files reads every file of the set but the tests, by name: what evidence
// of a run keeps.
func (ps *PolicySet) Files() (map[string][]byte, error) {
	out := make(map[string][]byte, len(ps.files))
	for name, f := range ps.files {
		if f.test {
			continue
		}
		b, err := f.source()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = b
	}
	return out, nil
}

// fromIndex takes what an index entry says of the file instead of its
// header and content; false when the entry names no package that parses
// or no digest.
func (f *policyFile) fromIndex(e *IndexEntry) bool {
	path, ok := packagePath(e.Package)
	if !ok {
		return false
	}
	if n, err := hex.Decode(f.sum[:], []byte(e.SHA256)); err != nil || n != sha256.Size {
		return false
	}
	f.deferred = true
	f.header = &ast.Module{Package: &ast.Package{Path: path}}
	if e.Policy != nil {
		cp := *e.Policy
		f.indexed = &cp
	}
	f.uses = e.Uses
	return true
}

// packagePath is the reference a package clause of plain identifiers
// ("data.paved.lib.tf") parses to, built without starting a parser for
// each of a hundred files; false for anything else.
func packagePath(pkg string) (ast.Ref, bool) {
	parts := strings.Split(pkg, ".")
	if len(parts) < 2 || parts[0] != "data" {
		return nil, false
	}
	path := ast.Ref{ast.DefaultRootDocument}
	for _, p := range parts[1:] {
		if !isIdent(p) {
			return nil, false
		}
		path = append(path, ast.StringTerm(p))
	}
	return path, true
}

func isIdent(s string) bool {
	for i, r := range s {
		if r != '_' && !('a' <= r && r <= 'z') && !('A' <= r && r <= 'Z') && (i == 0 || !('0' <= r && r <= '9')) {
			return false
		}
	}
	return s != ""
}

// parseHeader parses a file's leading comments and package clause: enough
// for its metadata at a fraction of the cost of the whole file.
func parseHeader(name string, src []byte) (*ast.Module, error) {
	rest := src
	for len(rest) > 0 {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = nil
		}
		t := bytes.TrimSpace(line)
		if bytes.HasPrefix(t, []byte("package ")) {
			head := src[:len(src)-len(rest)]
			return ast.ParseModuleWithOpts(name, string(head), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		}
		if len(t) > 0 && t[0] != '#' {
			break
		}
	}
	return nil, errors.New("no package clause after the leading comments")
}

// parseAll parses files in full and reports every error.
func parseAll(files []*policyFile) Diagnostics {
	parse(files)
	return parseErrors(files)
}

// parse parses files in full, spread over the cores (parsing is the
// larger part of start-up): one worker per core takes the next file as it
// finishes one, biggest first so that none is left to parse alone at the
// end, and the caller is one of the workers.
func parse(files []*policyFile) {
	size := make(map[*policyFile]int, len(files))
	for _, f := range files {
		src, _ := f.source() // an error is the parse's
		size[f] = len(src)
	}
	files = slices.Clone(files)
	slices.SortStableFunc(files, func(a, b *policyFile) int { return size[b] - size[a] })
	var next atomic.Int64
	work := func() {
		for i := next.Add(1) - 1; i < int64(len(files)); i = next.Add(1) - 1 {
			_, _ = files[i].parse()
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// parseErrors reports the parse errors of files already parsed.
func parseErrors(files []*policyFile) Diagnostics {
	var diags Diagnostics
	for _, f := range files {
		if _, err := f.parse(); err != nil {
			diags = append(diags, astDiagnostics(f.name, err)...)
		}
	}
	return diags
}

// Compile compiles the policies keep selects and the helper modules they
// use, transitively (all when keep is nil). Compiling only what a run can use keeps start-up
// short for a pre-commit check of a few files; should a subset not compile
// on its own (a policy calling into another), the whole set is compiled so
// errors are real ones.
func (ps *PolicySet) Compile(keep func(*Policy) bool) (*ast.Compiler, error) {
	var files []*policyFile
	for _, p := range ps.Policies {
		if keep == nil || keep(p) {
			files = append(files, ps.files[p.File])
		}
	}
	helpers := ps.helpers
	if keep == nil {
		files = append(files, helpers...)
		helpers = nil
	}
	// With keep, helpers are parsed and compiled only when the policies use
	// them, transitively (usedHelpers): a Terraform run never parses the
	// repository or Dockerfile helpers. Those an index names are parsed
	// with the policies rather than after them.
	parse(ps.withUses(files))
	if diags := parseErrors(files); len(diags) > 0 {
		return nil, diags
	}
	if keep != nil {
		used, diags := usedHelpers(files, helpers)
		if len(diags) > 0 {
			return nil, diags
		}
		files = append(files, used...)
	}
	mods := make(map[string]*ast.Module, len(files))
	var diags Diagnostics
	trusted := true
	for _, f := range files {
		trusted = trusted && f.trusted
		mods[f.name] = f.mod
		if p, ok := ps.byFile[f.name]; ok && !hasDeny(f.mod) {
			diags = append(diags, Diagnostic{File: f.name, Line: f.mod.Package.Location.Row, Message: fmt.Sprintf("policy %s defines no deny rule", p.ID)})
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	c := ast.NewCompiler().WithEnablePrintStatements(false)
	if trusted {
		// Built-in policies pass every check when their test suite compiles
		// them; repeating the checks that change nothing costs a pre-commit
		// run a quarter of its compile time.
		c.WithSkipStages(checkOnlyStages...)
	}
	c.Compile(mods)
	if c.Failed() {
		if keep != nil {
			return ps.Compile(nil)
		}
		return nil, astDiagnostics("", c.Errors)
	}
	return c, nil
}

// withUses is files and the helper files an index says they use.
func (ps *PolicySet) withUses(files []*policyFile) []*policyFile {
	out := slices.Clone(files)
	seen := map[*policyFile]bool{}
	for _, f := range files {
		for _, u := range f.uses {
			if h := ps.files[u]; h != nil && !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	return out
}

// Parse parses the policies keep selects, with the helper files an index
// says they use, so that groups compiled side by side (NewEvaluator) find
// them parsed; errors are left for Compile to report.
func (ps *PolicySet) Parse(keep func(*Policy) bool) {
	var files []*policyFile
	for _, p := range ps.Policies {
		if f := ps.files[p.File]; f != nil && (keep == nil || keep(p)) {
			files = append(files, f)
		}
	}
	parse(ps.withUses(files))
}

// Index describes every file of the set as an IndexEntry, in name order,
// for an index of a lazy source (LoadOptions.Index). It parses every file.
func (ps *PolicySet) Index() ([]IndexEntry, error) {
	mods, err := ps.Modules()
	if err != nil {
		return nil, err
	}
	out := make([]IndexEntry, 0, len(mods))
	for name, mod := range mods {
		src, err := ps.files[name].source()
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(src)
		e := IndexEntry{File: name, SHA256: hex.EncodeToString(sum[:]), Package: mod.Package.Path.String(), Policy: ps.byFile[name]}
		if e.Policy != nil {
			used, diags := usedHelpers([]*policyFile{ps.files[name]}, ps.helpers)
			if len(diags) > 0 {
				return nil, diags
			}
			for _, h := range used {
				e.Uses = append(e.Uses, h.name)
			}
			slices.Sort(e.Uses)
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b IndexEntry) int { return strings.Compare(a.File, b.File) })
	return out, nil
}

// usedHelpers is the helper (non-policy) modules the parsed policies
// depend on, transitively: those whose package an import or a data
// reference of an included module names, or lies under. Helpers are
// already parsed; a parse error counts only for one that is included.
func usedHelpers(policies, helpers []*policyFile) ([]*policyFile, Diagnostics) {
	var deps []ast.Ref
	for _, f := range policies {
		deps = moduleDeps(f.mod, deps)
	}
	var used []*policyFile
	for changed := true; changed; {
		changed = false
		var add []*policyFile
		rest := helpers[:0:0]
		for _, h := range helpers {
			if head := h.head(); head == nil || head.Package == nil || dependsOn(deps, head.Package.Path) {
				add = append(add, h)
			} else {
				rest = append(rest, h)
			}
		}
		if len(add) == 0 {
			break
		}
		if diags := parseAll(add); len(diags) > 0 {
			return nil, diags
		}
		for _, h := range add {
			deps = moduleDeps(h.mod, deps)
		}
		used, helpers, changed = append(used, add...), rest, true
	}
	return used, nil
}

// moduleDeps appends to deps the data documents mod refers to: the
// constant prefixes of its data references, those through an import
// (tf.resources for import data.paved.lib.tf) made absolute. Importing a
// package does not pull in the packages nested under it unless a
// reference reaches into them.
func moduleDeps(mod *ast.Module, deps []ast.Ref) []ast.Ref {
	aliases := map[ast.Var]ast.Ref{}
	for _, imp := range mod.Imports {
		if r, ok := imp.Path.Value.(ast.Ref); ok && r.HasPrefix(ast.DefaultRootRef) {
			aliases[imp.Name()] = r
		}
	}
	for _, rule := range mod.Rules {
		ast.WalkRefs(rule, func(r ast.Ref) bool {
			if r.HasPrefix(ast.DefaultRootRef) {
				deps = append(deps, r.ConstantPrefix())
			} else if v, ok := r[0].Value.(ast.Var); ok {
				if base, ok := aliases[v]; ok {
					deps = append(deps, base.Concat(r[1:]).ConstantPrefix())
				}
			}
			return false
		})
	}
	return deps
}

// dependsOn reports whether a dependency names the package pkg, a document
// within it, or a document containing it.
func dependsOn(deps []ast.Ref, pkg ast.Ref) bool {
	for _, d := range deps {
		if d.HasPrefix(pkg) || pkg.HasPrefix(d) {
			return true
		}
	}
	return false
}

// checkOnlyStages are compiler stages that only report problems; they
// rewrite nothing evaluation depends on.
var checkOnlyStages = []ast.StageID{
	ast.StageCheckTypes, ast.StageCheckRecursion, ast.StageCheckUnusedImports,
	ast.StageCheckDuplicateImports, ast.StageCheckKeywordOverrides, ast.StageCheckDeprecatedBuiltins,
	ast.StageCheckUnsafeBuiltins, ast.StageCheckRuleConflicts, ast.StageCheckUndefinedFuncs,
	ast.StageBuildRequiredCapabilities, ast.StageCheckVoidCalls,
}

// Modules parses every file in full and returns the modules by file name.
func (ps *PolicySet) Modules() (map[string]*ast.Module, error) {
	files := make([]*policyFile, 0, len(ps.files))
	for _, f := range ps.files {
		files = append(files, f)
	}
	if diags := parseAll(files); len(diags) > 0 {
		return nil, diags
	}
	mods := make(map[string]*ast.Module, len(files))
	for _, f := range files {
		mods[f.name] = f.mod
	}
	return mods, nil
}

// ForKind lists the policies judging targets of kind.
func (ps *PolicySet) ForKind(kind Kind) []*Policy {
	var out []*Policy
	for _, p := range ps.Policies {
		if p.Kind == kind {
			out = append(out, p)
		}
	}
	return out
}

// policy reads the file's policy metadata: nil without errors when the file
// is no policy.
func (f *policyFile) policy() (*Policy, int, []string) {
	if f.indexed != nil {
		return f.indexed, 0, nil
	}
	mod := f.head()
	if mod == nil {
		return nil, 0, nil
	}
	var ann *ast.Annotations
	for _, a := range mod.Annotations {
		if a.Scope == "package" {
			ann = a
		}
	}
	if ann == nil || ann.Custom["id"] == nil {
		return nil, 0, nil
	}
	line := 0
	if ann.Location != nil {
		line = ann.Location.Row
	}
	p, errs := policyFromAnnotations(f.name, mod, ann, f.mod != nil)
	return p, line, errs
}

func (ps *PolicySet) collectPolicies(kinds []Kind) Diagnostics {
	var diags Diagnostics
	seen := map[string]string{}
	names := make([]string, 0, len(ps.files))
	for n := range ps.files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		f := ps.files[name]
		p, line, errs := f.policy()
		if p == nil && errs == nil {
			continue // helpers, tests, and files that did not parse (reported already)
		}
		if p != nil && kinds != nil && !slices.Contains(kinds, p.Kind) {
			names := make([]string, len(kinds))
			for i, k := range kinds {
				names[i] = string(k)
			}
			errs = append(errs, fmt.Sprintf("custom.kind %q is not one of %s", p.Kind, strings.Join(names, ", ")))
		}
		for _, e := range errs {
			diags = append(diags, Diagnostic{File: name, Line: line, Message: e})
		}
		if len(errs) > 0 {
			continue
		}
		if other, dup := seen[p.ID]; dup {
			diags = append(diags, Diagnostic{File: name, Line: line, Message: fmt.Sprintf("policy id %s already used by %s", p.ID, other)})
			continue
		}
		seen[p.ID] = name
		ps.Policies = append(ps.Policies, p)
	}
	sort.Slice(ps.Policies, func(i, j int) bool { return ps.Policies[i].ID < ps.Policies[j].ID })
	return diags
}

// policyFromAnnotations reads a policy's metadata; full says mod holds the
// whole file, so the deny rule can be checked now (else at Compile).
func policyFromAnnotations(file string, mod *ast.Module, a *ast.Annotations, full bool) (*Policy, []string) {
	var errs []string
	str := func(k string) string {
		v, ok := a.Custom[k]
		if !ok || v == nil {
			return ""
		}
		s, ok := v.(string)
		if !ok {
			errs = append(errs, fmt.Sprintf("custom.%s must be a string", k))
		}
		return strings.TrimSpace(s)
	}
	list := func(k string) []string {
		v, ok := a.Custom[k]
		if !ok || v == nil {
			return []string{}
		}
		arr, ok := v.([]any)
		if !ok {
			errs = append(errs, fmt.Sprintf("custom.%s must be a list", k))
			return nil
		}
		out := make([]string, 0, len(arr))
		for _, x := range arr {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	p := &Policy{
		ID:            str("id"),
		Title:         strings.TrimSpace(a.Title),
		Description:   strings.TrimSpace(a.Description),
		Severity:      str("severity"),
		Kind:          Kind(str("kind")),
		ResourceTypes: list("resource_types"),
		Controls:      list("controls"),
		Related:       list("related"),
		SeeAlso:       list("see_also"),
		Tags:          list("tags"),
		Remediation:   str("remediation"),
		Enforcement:   str("enforcement"),
		Package:       mod.Package.Path.String(),
		File:          file,
	}
	if p.Enforcement == "" {
		p.Enforcement = "deny"
	}
	if p.Title == "" {
		errs = append(errs, "policy has no title")
	}
	if SeverityRank(p.Severity) == 0 {
		errs = append(errs, fmt.Sprintf("custom.severity %q is not one of critical, high, medium, low", p.Severity))
	}
	for _, id := range p.SeeAlso {
		if slices.Contains(p.Related, id) {
			errs = append(errs, fmt.Sprintf("%s is in both custom.related and custom.see_also: related names an equivalent check, see_also one that differs", id))
		}
	}
	if p.Enforcement != "deny" && p.Enforcement != "warn" {
		errs = append(errs, fmt.Sprintf("custom.enforcement %q is not deny or warn", p.Enforcement))
	}
	if full && !hasDeny(mod) {
		errs = append(errs, "policy package defines no deny rule")
	}
	return p, errs
}

func hasDeny(mod *ast.Module) bool {
	for _, r := range mod.Rules {
		if r.Head.Name.String() == "deny" || (len(r.Head.Reference) > 0 && r.Head.Reference[0].Value.String() == "deny") {
			return true
		}
	}
	return false
}

func readBounded(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAllLimit(f, limit)
}

// DigestFiles is the digest of a policy set's files: sha256 over each
// file's sha256 and name, in name order ("sha256:…").
func DigestFiles(files map[string][]byte) string {
	sums := make(map[string][sha256.Size]byte, len(files))
	for n, b := range files {
		sums[n] = sha256.Sum256(b)
	}
	return digestSums(sums)
}

// digestSums is DigestFiles from the files' sha256.
func digestSums(sums map[string][sha256.Size]byte) string {
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		sum := sums[n]
		fmt.Fprintf(h, "%s  %s\n", hex.EncodeToString(sum[:]), n)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// astDiagnostics turns OPA's located errors into Diagnostics.
func astDiagnostics(file string, err error) Diagnostics {
	var errs ast.Errors
	switch e := err.(type) {
	case ast.Errors:
		errs = e
	case *ast.Error:
		errs = ast.Errors{e}
	default:
		return Diagnostics{{File: file, Message: err.Error()}}
	}
	out := make(Diagnostics, 0, len(errs))
	for _, e := range errs {
		d := Diagnostic{File: file, Message: e.Message}
		if e.Location != nil {
			d.File, d.Line, d.Column = e.Location.File, e.Location.Row, e.Location.Col
		}
		out = append(out, d)
	}
	return out
}
