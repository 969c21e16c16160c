package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"golang.org/x/sync/errgroup"
)

// maxPolicyFile bounds one .rego file; policies are code, not data.
const maxPolicyFile = 4 << 20

// Kinds of target paved knows.
var kinds = []string{"repo", "terraform", "image", "sbom", "dockerfile"}

// Policy is the metadata of one policy package, from its METADATA block.
type Policy struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Description   string   `json:"description,omitempty"`
	Severity      string   `json:"severity"`
	Kind          string   `json:"kind"`
	ResourceTypes []string `json:"resource_types,omitempty"`
	Controls      []string `json:"controls"`
	Related       []string `json:"related"`
	Tags          []string `json:"tags,omitempty"`
	Remediation   string   `json:"remediation,omitempty"`
	Enforcement   string   `json:"enforcement"`
	Package       string   `json:"package"`
	File          string   `json:"file"`
}

// Ref is the part of the metadata results carry.
func (p *Policy) Ref() PolicyRef {
	return PolicyRef{ID: p.ID, Title: p.Title, Severity: p.Severity, Enforcement: p.Enforcement,
		Controls: p.Controls, Related: p.Related, Remediation: p.Remediation, Tags: p.Tags}
}

// PolicySource is a tree of .rego files: the embedded library or a user dir.
// Name prefixes file names in messages and digests ("builtin", a dir path).
type PolicySource struct {
	Name string
	FS   fs.FS
}

// PolicySet is a parsed and validated set of policies, compiled on demand
// (Compile). It is immutable once built and safe to share between goroutines.
type PolicySet struct {
	Policies []*Policy // sorted by ID
	Digest   string    // sha256 over every non-test file, by name
	Files    map[string][]byte
	modules  map[string]*ast.Module
}

// LoadOptions tune LoadPolicies.
type LoadOptions struct {
	Tests bool // also load *_test.rego (for `paved policy test`)
}

// LoadPolicies reads and parses the policies of every source and checks
// their metadata.
// Problems are collected and returned together as Diagnostics.
func LoadPolicies(ctx context.Context, opts LoadOptions, sources ...PolicySource) (*PolicySet, error) {
	ps := &PolicySet{Files: map[string][]byte{}, modules: map[string]*ast.Module{}}
	var diags Diagnostics
	type file struct {
		name string
		src  []byte
		mod  *ast.Module
		err  error
	}
	var files []*file
	for _, src := range sources {
		err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".rego") {
				return nil
			}
			if strings.HasSuffix(p, "_test.rego") && !opts.Tests {
				return nil
			}
			name := path.Join(src.Name, p)
			b, err := readBounded(src.FS, p, maxPolicyFile)
			if err != nil {
				diags = append(diags, Diagnostic{File: name, Message: err.Error()})
				return nil
			}
			files = append(files, &file{name: name, src: b})
			return nil
		})
		if err != nil {
			diags = append(diags, Diagnostic{File: src.Name, Message: err.Error()})
		}
	}
	// Parsing is a third of start-up; spread it over the cores.
	g, _ := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, f := range files {
		g.Go(func() error {
			f.mod, f.err = ast.ParseModuleWithOpts(f.name, string(f.src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
			return nil
		})
	}
	_ = g.Wait()
	for _, f := range files {
		if f.err != nil {
			diags = append(diags, astDiagnostics(f.name, f.err)...)
			continue
		}
		if _, dup := ps.modules[f.name]; dup {
			diags = append(diags, Diagnostic{File: f.name, Message: "policy file loaded twice"})
			continue
		}
		ps.modules[f.name] = f.mod
		if !strings.HasSuffix(f.name, "_test.rego") {
			ps.Files[f.name] = f.src
		}
	}
	diags = append(diags, ps.collectPolicies()...)
	if len(diags) > 0 {
		return nil, diags
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ps.Digest = digestFiles(ps.Files)
	return ps, nil
}

// Compile compiles the helper modules and the policies keep selects (all
// when keep is nil). Compiling only what a run can use keeps start-up
// short for a pre-commit check of a few files; should a subset not compile
// on its own (a policy calling into another), the whole set is compiled so
// errors are real ones.
func (ps *PolicySet) Compile(keep func(*Policy) bool) (*ast.Compiler, error) {
	mods := ps.modules
	if keep != nil {
		byFile := map[string]*Policy{}
		for _, p := range ps.Policies {
			byFile[p.File] = p
		}
		mods = map[string]*ast.Module{}
		for name, m := range ps.modules {
			if p, ok := byFile[name]; !ok || keep(p) {
				mods[name] = m
			}
		}
	}
	c := ast.NewCompiler().WithEnablePrintStatements(false)
	c.Compile(mods)
	if c.Failed() {
		if keep != nil {
			return ps.Compile(nil)
		}
		return nil, astDiagnostics("", c.Errors)
	}
	return c, nil
}

// Modules are the parsed modules, tests included when loaded with Tests.
func (ps *PolicySet) Modules() map[string]*ast.Module { return ps.modules }

// ForKind lists the policies judging targets of kind.
func (ps *PolicySet) ForKind(kind string) []*Policy {
	var out []*Policy
	for _, p := range ps.Policies {
		if p.Kind == kind {
			out = append(out, p)
		}
	}
	return out
}

func (ps *PolicySet) collectPolicies() Diagnostics {
	var diags Diagnostics
	seen := map[string]string{}
	names := make([]string, 0, len(ps.modules))
	for n := range ps.modules {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		mod := ps.modules[name]
		var ann *ast.Annotations
		for _, a := range mod.Annotations {
			if a.Scope == "package" {
				ann = a
			}
		}
		if ann == nil || ann.Custom["id"] == nil {
			continue // helpers and tests carry no policy id
		}
		p, errs := policyFromAnnotations(name, mod, ann)
		line := 0
		if ann.Location != nil {
			line = ann.Location.Row
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

func policyFromAnnotations(file string, mod *ast.Module, a *ast.Annotations) (*Policy, []string) {
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
		Kind:          str("kind"),
		ResourceTypes: list("resource_types"),
		Controls:      list("controls"),
		Related:       list("related"),
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
	if !slices.Contains(kinds, p.Kind) {
		errs = append(errs, fmt.Sprintf("custom.kind %q is not one of %s", p.Kind, strings.Join(kinds, ", ")))
	}
	if p.Enforcement != "deny" && p.Enforcement != "warn" {
		errs = append(errs, fmt.Sprintf("custom.enforcement %q is not deny or warn", p.Enforcement))
	}
	hasDeny := false
	for _, r := range mod.Rules {
		if r.Head.Name.String() == "deny" || (len(r.Head.Reference) > 0 && r.Head.Reference[0].Value.String() == "deny") {
			hasDeny = true
		}
	}
	if !hasDeny {
		errs = append(errs, "policy package defines no deny rule")
	}
	return p, errs
}

func readBounded(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("file larger than %d bytes", limit)
	}
	return b, nil
}

func digestFiles(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		sum := sha256.Sum256(files[n])
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
