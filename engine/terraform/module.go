package terraform

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// moduleConfig is one module directory, parsed and analysed once per Load
// and shared read-only by every evaluation that instantiates it.
type moduleConfig struct {
	dir       string        // fs path
	files     []*sourceFile // .tf and .tf.json, by name
	tfvars    []*sourceFile // auto-loaded variable files, in Terraform's order
	diags     hcl.Diagnostics
	variables []*variableConfig
	locals    map[string]*localConfig
	resources []*resourceConfig
	calls     []*callConfig
	outputs   map[string]*outputConfig
	outNames  []string
	terraform []*block
	providers []*block
	declared  map[string]bool // "aws_s3_bucket.b", "data.aws_iam_policy_document.p", "ephemeral.random_password.p"
	roots     []string        // root names resources and outputs use, besides local and module

	refProblems []refProblem           // references Terraform rejects, and undeclared resources (validate.go)
	outputRefs  map[string][]outputRef // references to module calls' outputs, by call name
}

type sourceFile struct {
	path    string // fs path
	content []byte
}

type variableConfig struct {
	name       string
	typ        cty.Type
	defaults   *typeexpr.Defaults
	def        cty.Value
	hasDefault bool
	nullable   bool
}

type localConfig struct {
	expr  hcl.Expression
	vars  []hcl.Traversal
	needs *needs
}

type resourceConfig struct {
	mode     string // managed | data
	typ      string
	name     string
	file     string
	line     int
	count    hcl.Expression
	forEach  hcl.Expression
	body     *body
	needs    *needs
	attrRefs map[string][]hcl.Traversal // traversals of top-level attributes/blocks that may refer to something
}

type callConfig struct {
	name     string
	source   string
	version  string
	kind     string
	localDir string // fs path of a local module, "" otherwise
	file     string
	line     int
	count    hcl.Expression
	forEach  hcl.Expression
	args     []*attribute
	needs    *needs
}

type outputConfig struct {
	expr  hcl.Expression
	vars  []hcl.Traversal
	needs *needs
}

// metaArgs are resource arguments that drive Terraform rather than the
// provider; they are not part of a resource's values.
var metaArgs = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true,
	"provisioner": true, "connection": true}

// callMeta are the module block arguments that are not module inputs.
var callMeta = map[string]bool{"source": true, "version": true, "count": true, "for_each": true,
	"providers": true, "depends_on": true}

// isOverride reports Terraform override files, merged after the others.
func isOverride(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// readModule reads and analyses the module in dir. Problems are returned in
// the config's diags (paths are fs paths).
func (ld *load) readModule(dir string) *moduleConfig {
	m := &moduleConfig{dir: dir, locals: map[string]*localConfig{}, outputs: map[string]*outputConfig{}, declared: map[string]bool{}}
	entries, err := fs.ReadDir(ld.fsys, dir)
	if err != nil {
		m.diags = append(m.diags, fileDiag(dir, fmt.Sprintf("cannot read module directory: %v", err)))
		return m
	}
	var vars, autoVars []*sourceFile
	var files, overrides []*sourceFile
	for _, e := range entries {
		name := e.Name()
		isTF := strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
		isVars := name == "terraform.tfvars" || name == "terraform.tfvars.json" ||
			strings.HasSuffix(name, ".auto.tfvars") || strings.HasSuffix(name, ".auto.tfvars.json")
		if !isTF && !isVars || strings.HasPrefix(name, ".") {
			continue
		}
		p := path.Join(dir, name)
		src, ok, diag := ld.readFile(p, e)
		if diag != nil {
			m.diags = append(m.diags, diag)
		}
		if !ok {
			continue
		}
		sf := &sourceFile{path: p, content: src}
		switch {
		case name == "terraform.tfvars" || name == "terraform.tfvars.json":
			vars = append(vars, sf) // ReadDir sorts: terraform.tfvars comes first
		case isVars:
			autoVars = append(autoVars, sf)
		case isOverride(name):
			overrides = append(overrides, sf)
		default:
			files = append(files, sf)
		}
	}
	m.tfvars = slices.Concat(vars, autoVars)
	m.files = slices.Concat(files, overrides)

	var blocks []*block
	for _, f := range files {
		_, bs, diags := parseFile(f.content, f.path)
		m.diags = append(m.diags, diags...)
		blocks = append(blocks, bs...)
	}
	var over []*block
	for _, f := range overrides {
		_, bs, diags := parseFile(f.content, f.path)
		m.diags = append(m.diags, diags...)
		over = append(over, bs...)
	}
	blocks = applyOverrides(blocks, over)
	for _, b := range blocks {
		m.addBlock(b)
	}
	m.checkRefs(blocks)
	for _, rc := range m.resources {
		for _, r := range rc.needs.roots {
			m.roots = appendUnique(m.roots, r)
		}
	}
	for _, oc := range m.outputs {
		for _, r := range oc.needs.roots {
			m.roots = appendUnique(m.roots, r)
		}
	}
	return m
}

func blockKey(b *block) string {
	switch b.typ {
	case "resource", "data", "variable", "output", "module":
		return b.typ + "." + strings.Join(b.labels, ".")
	case "provider":
		alias := ""
		if a := b.body.attr("alias"); a != nil {
			if v, d := a.expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
				alias = v.AsString()
			}
		}
		return "provider." + strings.Join(b.labels, ".") + "." + alias
	}
	return ""
}

// applyOverrides merges override-file blocks into the blocks they name, the
// way Terraform does: arguments replace arguments, and nested blocks of a
// type replace all nested blocks of that type. locals override by name.
func applyOverrides(blocks, over []*block) []*block {
	if len(over) == 0 {
		return blocks
	}
	index := map[string]*block{}
	localIndex := map[string]*block{}
	for _, b := range blocks {
		if k := blockKey(b); k != "" {
			index[k] = b
		}
		if b.typ == "locals" {
			for _, a := range b.body.attrs {
				localIndex[a.name] = b
			}
		}
	}
	for _, o := range over {
		if o.typ == "locals" {
			for _, a := range o.body.attrs {
				if b := localIndex[a.name]; b != nil {
					b.body = mergeBody(b.body, &body{attrs: []*attribute{a}})
				}
			}
			continue
		}
		if b := index[blockKey(o)]; b != nil && blockKey(o) != "" {
			b.body = mergeBody(b.body, o.body)
		}
		// An override of something undeclared, or of a terraform block, is
		// ignored: Terraform rejects the former and merges the latter into
		// settings paved reads from every block anyway.
	}
	return blocks
}

func mergeBody(base, over *body) *body {
	out := &body{}
	replaced := map[string]bool{}
	for _, a := range over.attrs {
		replaced[a.name] = true
	}
	for _, a := range base.attrs {
		if !replaced[a.name] {
			out.attrs = append(out.attrs, a)
		}
	}
	out.attrs = append(out.attrs, over.attrs...)
	types := map[string]bool{}
	for _, b := range over.blocks {
		types[b.typ] = true
	}
	for _, b := range base.blocks {
		if !types[b.typ] {
			out.blocks = append(out.blocks, b)
		}
	}
	out.blocks = append(out.blocks, over.blocks...)
	return out
}

func (m *moduleConfig) labelsDiag(b *block, want int) bool {
	if len(b.labels) == want {
		return true
	}
	m.diags = append(m.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid block",
		Detail: fmt.Sprintf("A %s block needs %d label(s), this one has %d.", b.typ, want, len(b.labels)), Subject: b.rng.Ptr()})
	return false
}

func (m *moduleConfig) addBlock(b *block) {
	switch b.typ {
	case "resource", "data":
		if !m.labelsDiag(b, 2) {
			return
		}
		mode := "managed"
		addr := b.labels[0] + "." + b.labels[1]
		if b.typ == "data" {
			mode = "data"
			addr = "data." + addr
		}
		if m.declared[addr] {
			m.diags = append(m.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate " + b.typ + " block",
				Detail: fmt.Sprintf("%s is declared more than once.", addr), Subject: b.rng.Ptr()})
			return
		}
		m.declared[addr] = true
		rc := &resourceConfig{mode: mode, typ: b.labels[0], name: b.labels[1], file: b.file, line: b.line, body: b.body,
			attrRefs: map[string][]hcl.Traversal{}}
		if a := b.body.attr("count"); a != nil {
			rc.count = a.expr
		}
		if a := b.body.attr("for_each"); a != nil {
			rc.forEach = a.expr
		}
		rc.needs = bodyNeeds(b.body)
		for _, a := range b.body.attrs {
			if mayRefer(a.vars) {
				rc.attrRefs[a.name] = a.vars
			}
		}
		for _, nb := range b.body.blocks {
			var ts []hcl.Traversal
			collectTraversals(nb.body, &ts, 0)
			if mayRefer(ts) {
				rc.attrRefs[blockName(nb)] = append(rc.attrRefs[blockName(nb)], ts...)
			}
		}
		m.resources = append(m.resources, rc)
	case "module":
		if !m.labelsDiag(b, 1) {
			return
		}
		if slices.ContainsFunc(m.calls, func(c *callConfig) bool { return c.name == b.labels[0] }) {
			m.diags = append(m.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate module call",
				Detail: fmt.Sprintf("module %q is declared more than once.", b.labels[0]), Subject: b.rng.Ptr()})
			return
		}
		c := &callConfig{name: b.labels[0], file: b.file, line: b.line, needs: bodyNeeds(b.body)}
		for _, a := range b.body.attrs {
			switch a.name {
			case "source":
				c.source = staticString(a.expr)
			case "version":
				c.version = staticString(a.expr)
			case "count":
				c.count = a.expr
			case "for_each":
				c.forEach = a.expr
			}
			if !callMeta[a.name] {
				c.args = append(c.args, a)
			}
		}
		c.kind = sourceKind(c.source)
		if c.kind == "local" {
			c.localDir = localDir(m.dir, c.source)
		}
		m.calls = append(m.calls, c)
	case "variable":
		if m.labelsDiag(b, 1) {
			v, diags := readVariable(b)
			m.diags = append(m.diags, diags...)
			m.variables = append(m.variables, v)
		}
	case "locals":
		for _, a := range b.body.attrs {
			m.locals[a.name] = &localConfig{expr: a.expr, vars: a.vars, needs: attrNeeds(a)}
		}
	case "output":
		if !m.labelsDiag(b, 1) {
			return
		}
		if a := b.body.attr("value"); a != nil {
			if _, dup := m.outputs[b.labels[0]]; !dup {
				m.outNames = append(m.outNames, b.labels[0])
			}
			m.outputs[b.labels[0]] = &outputConfig{expr: a.expr, vars: a.vars, needs: attrNeeds(a)}
		}
	case "terraform":
		m.terraform = append(m.terraform, b)
	case "provider":
		if m.labelsDiag(b, 1) {
			m.providers = append(m.providers, b)
		}
	case "ephemeral", "action", "list":
		// Not judged, but references to them are not to undeclared objects.
		if len(b.labels) == 2 {
			m.declared[b.typ+"."+b.labels[0]+"."+b.labels[1]] = true
		}
	}
	// moved, import, check, removed and unknown blocks do not describe
	// infrastructure paved judges.
}

// blockName is the name a nested block is grouped under: its type, or for
// a dynamic block the type it generates.
func blockName(b *block) string {
	if b.typ == "dynamic" && len(b.labels) > 0 {
		return b.labels[0]
	}
	return b.typ
}

func readVariable(b *block) (*variableConfig, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	v := &variableConfig{name: b.labels[0], typ: cty.DynamicPseudoType, nullable: true}
	if a := b.body.attr("type"); a != nil {
		expr := a.expr
		if _, native := expr.(hclsyntax.Expression); !native {
			// In JSON the type is a string holding a type expression.
			if s := staticString(expr); s != "" {
				if e, d := hclsyntax.ParseExpression([]byte(s), "", hcl.InitialPos); !d.HasErrors() {
					expr = e
				}
			}
		}
		if ty, defs, d := typeexpr.TypeConstraintWithDefaults(expr); !d.HasErrors() {
			v.typ, v.defaults = ty, defs
		}
	}
	if a := b.body.attr("nullable"); a != nil {
		if nv, d := a.expr.Value(nil); !d.HasErrors() && nv.Type() == cty.Bool && nv.IsKnown() && !nv.IsNull() {
			v.nullable = nv.True()
		}
	}
	if a := b.body.attr("default"); a != nil {
		v.hasDefault = true
		// A default is a constant: Terraform rejects variables and
		// function calls in it.
		dv, d := variableDefault(a)
		if d.HasErrors() {
			diags = append(diags, d...)
			dv = cty.DynamicVal
		}
		v.def = v.convert(dv)
	}
	return v, diags
}

// convert applies the variable's type: optional attributes' defaults, then
// conversion. A value that does not convert is kept as written; Terraform
// would reject it, paved judges what it can.
func (v *variableConfig) convert(val cty.Value) cty.Value {
	if val.IsNull() && !v.nullable && v.hasDefault {
		return v.def
	}
	if v.defaults != nil {
		val = v.defaults.Apply(val)
	}
	if v.typ != cty.DynamicPseudoType {
		if cv, err := convertValue(val, v.typ); err == nil {
			return cv
		}
	}
	return val
}

// staticString is the value of an expression that must be a literal string
// (module source, version), or "".
func staticString(e hcl.Expression) string {
	v, d := e.Value(nil)
	if d.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// localDir resolves a local module source against the calling module's
// directory, "" when it leaves the readable tree.
func localDir(dir, source string) string {
	src := strings.ReplaceAll(source, "\\", "/")
	if i := strings.Index(src, "//"); i >= 0 {
		src = src[:i] + "/" + src[i+2:] // a subdirectory of a local package is just a path
	}
	p := path.Join(dir, src)
	if !fs.ValidPath(p) {
		return ""
	}
	return p
}

// sourceKind classifies a module source the way Terraform's installer would.
func sourceKind(src string) string {
	switch {
	case src == "":
		return "other"
	case strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") || src == "." || src == ".." ||
		strings.HasPrefix(src, ".\\") || strings.HasPrefix(src, "..\\"):
		return "local"
	case strings.HasPrefix(src, "git::") || strings.HasPrefix(src, "github.com/") || strings.HasPrefix(src, "git@") ||
		strings.HasPrefix(src, "bitbucket.org/"):
		return "git"
	case strings.HasPrefix(src, "s3::") || strings.Contains(strings.SplitN(src, "/", 2)[0], ".amazonaws.com"):
		return "s3"
	case strings.HasPrefix(src, "gcs::") || strings.HasPrefix(src, "www.googleapis.com/storage/"):
		return "gcs"
	case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
		return "http"
	case strings.Contains(src, "::"):
		return "other"
	}
	// Registry: [host/]namespace/name/system, optionally //subdir.
	addr := src
	if i := strings.Index(addr, "//"); i >= 0 {
		addr = addr[:i]
	}
	parts := strings.Split(addr, "/")
	if len(parts) == 4 && strings.Contains(parts[0], ".") {
		parts = parts[1:]
	}
	if len(parts) == 3 {
		for _, p := range parts {
			if p == "" || strings.ContainsAny(p, " :?#") {
				return "other"
			}
		}
		return "registry"
	}
	return "other"
}
