package terraform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// References Terraform itself rejects are diagnostics, not unknown values:
// a gate must not pass what it could not read. The checks follow Terraform's
// own static validation (internal/addrs/parse_ref.go, the reference checks
// of internal/terraform/evaluate*.go) and word problems as Terraform does.
// References to resources and data sources stay unknown; an undeclared one
// (a fragment scanned alone) is only a warning. docs/terraform-input.md has
// the rules.

// refProblem is one reference problem of a module, found once per module
// directory. Its detail may name the module ("in the root module", "in
// module.a.module.b"), known only when an evaluation uses the module: where
// marks that place.
type refProblem struct {
	rng     hcl.Range
	summary string
	detail  string
	warn    bool // a warning: the reference stays unknown
}

// where marks the module's display address in a refProblem's detail.
const where = "\x00module\x00"

func (p refProblem) diagnostic(module string) *hcl.Diagnostic {
	sev := hcl.DiagError
	if p.warn {
		sev = hcl.DiagWarning
	}
	return &hcl.Diagnostic{Severity: sev, Summary: p.summary, Detail: strings.ReplaceAll(p.detail, where, module),
		Subject: p.rng.Ptr()}
}

// moduleDisplay is how Terraform names a module in messages: "the root
// module", or its configuration address (module.a.module.b, no keys).
func moduleDisplay(addr string) string {
	if addr == "" {
		return "the root module"
	}
	return stripKeys(addr)
}

// outputRef is a reference to an output of a module call, checked against
// the called module's outputs when paved reads it.
type outputRef struct {
	output  string
	indexed bool // module.x[key].out rather than module.x.out
	rng     hcl.Range
}

// refScope is what a reference may name where it is written.
type refScope struct {
	count, each, self bool
	iters             []string // dynamic block iterators in scope
}

func (s refScope) with(iter string) refScope {
	s.iters = append(slices.Clip(s.iters), iter)
	return s
}

// refChecker finds the reference problems of one module.
type refChecker struct {
	m         *moduleConfig
	vars      map[string]bool
	resources map[string]*resourceConfig // by module-relative address
	problems  []refProblem
	outputs   map[string][]outputRef // by module call name
}

// checkRefs validates every reference the module's resources, data
// sources, module calls, locals, outputs and providers make.
func (m *moduleConfig) checkRefs(blocks []*block) {
	c := &refChecker{m: m, vars: map[string]bool{}, resources: map[string]*resourceConfig{}, outputs: map[string][]outputRef{}}
	for _, v := range m.variables {
		c.vars[v.name] = true
	}
	for _, rc := range m.resources {
		addr := rc.typ + "." + rc.name
		if rc.mode == "data" {
			addr = "data." + addr
		}
		c.resources[addr] = rc
	}
	for _, b := range blocks {
		switch b.typ {
		case "resource", "data":
			if len(b.labels) != 2 {
				continue
			}
			inst := refScope{count: b.body.attr("count") != nil, each: b.body.attr("for_each") != nil}
			c.body(b.body, inst, "resource")
		case "module":
			inst := refScope{count: b.body.attr("count") != nil, each: b.body.attr("for_each") != nil}
			for _, a := range b.body.attrs {
				switch a.name {
				case "source", "version", "providers":
				case "count", "for_each":
					c.attr(a, refScope{})
				default:
					c.attr(a, inst)
				}
			}
		case "locals":
			for _, a := range b.body.attrs {
				c.attr(a, refScope{})
			}
		case "output":
			c.body(b.body, refScope{}, "output")
		case "provider":
			// OpenTofu providers may have for_each.
			c.body(b.body, refScope{each: b.body.attr("for_each") != nil}, "provider")
		}
	}
	m.refProblems = c.problems
	m.outputRefs = c.outputs
}

// body checks a block body. kind says what the block is: "resource" (a
// resource or data source), "output", "provider", or "" for a nested block.
func (c *refChecker) body(b *body, sc refScope, kind string) {
	for _, a := range b.attrs {
		switch {
		case kind == "resource" && a.name == "provider":
			// A provider reference (aws.west), not a value.
		case kind == "resource" && (a.name == "count" || a.name == "for_each"):
			c.attr(a, refScope{})
		default:
			c.attr(a, sc)
		}
	}
	for _, nb := range b.blocks {
		switch nb.typ {
		case "lifecycle":
			for _, a := range nb.body.attrs {
				if a.name != "ignore_changes" { // attribute names, not references
					c.attr(a, sc)
				}
			}
			for _, lb := range nb.body.blocks {
				inner := sc
				inner.self = inner.self || lb.typ == "postcondition"
				c.body(lb.body, inner, "")
			}
		case "provisioner", "connection":
			inner := sc
			inner.self = true
			for _, a := range nb.body.attrs {
				if nb.typ == "provisioner" && (a.name == "when" || a.name == "on_failure") {
					continue // keywords: destroy, continue, fail
				}
				c.attr(a, inner)
			}
			for _, pb := range nb.body.blocks {
				c.body(pb.body, inner, "")
			}
		case "dynamic":
			c.dynamic(nb, sc)
		default:
			c.body(nb.body, sc, "")
		}
	}
}

// dynamic checks a dynamic block: its for_each in the enclosing scope, its
// labels and content with the iterator in scope too.
func (c *refChecker) dynamic(blk *block, sc refScope) {
	iter := ""
	if len(blk.labels) > 0 {
		iter = blk.labels[0]
	}
	if a := blk.body.attr("iterator"); a != nil {
		if kw := hcl.ExprAsKeyword(a.expr); kw != "" {
			iter = kw
		} else if s := staticString(a.expr); s != "" {
			iter = s // .tf.json
		}
	}
	inner := sc.with(iter)
	for _, a := range blk.body.attrs {
		switch a.name {
		case "iterator":
		case "for_each":
			c.attr(a, sc)
		default:
			c.attr(a, inner)
		}
	}
	for _, nb := range blk.body.blocks {
		if nb.typ == "content" {
			c.body(nb.body, inner, "")
		}
	}
}

func (c *refChecker) attr(a *attribute, sc refScope) {
	for _, t := range a.vars {
		c.traversal(t, sc)
	}
}

func (c *refChecker) errorf(rng hcl.Range, summary, detail string, args ...any) {
	c.problems = append(c.problems, refProblem{rng: rng, summary: summary, detail: fmt.Sprintf(detail, args...)})
}

// traversal checks one reference the way Terraform parses and validates it.
func (c *refChecker) traversal(t hcl.Traversal, sc refScope) {
	root := t.RootName()
	if slices.Contains(sc.iters, root) {
		return
	}
	rng := t.SourceRange()
	switch root {
	case "var", "local", "path", "terraform", "count", "each", "module":
		name, ok := c.singleAttr(t)
		if !ok {
			return
		}
		c.named(t, root, name, sc)
	case "self":
		if !sc.self {
			c.errorf(t[0].SourceRange(), `Invalid "self" reference`,
				`The "self" object is not available in this context. This object can be used only in resource provisioner, connection, and postcondition blocks.`)
		}
	case "data", "resource", "ephemeral", "list", "action":
		if len(t) < 3 {
			what := map[string]string{"data": "the data source type and the resource name", "resource": "the resource type and the resource name",
				"ephemeral": "the ephemeral resource type and the resource name", "list": "the list resource type and the list resource name",
				"action": "the action type and the action name"}[root]
			c.errorf(rng, "Invalid reference", "The %q object must be followed by two attribute names: %s.", root, what)
			return
		}
		c.resource(root, t[1:], t[0].SourceRange())
	case "template", "lazy", "arg":
		c.errorf(t[0].SourceRange(), "Reserved symbol name",
			`The symbol name %q is reserved for use in a future Terraform version. If you are using a provider that already uses this as a resource type name, add the prefix "resource." to force interpretation as a resource type name.`, root)
	case "caller":
		// Newer Terraform's caller object: nothing paved can check.
	case "string", "number", "bool", "any":
		if len(t) > 1 {
			c.resource("resource", t, t[0].SourceRange())
		}
		// Alone, a type constraint keyword (newer Terraform's convert).
	default:
		c.resource("resource", t, t[0].SourceRange())
	}
}

// singleAttr reads root.NAME, reporting what Terraform reports otherwise.
func (c *refChecker) singleAttr(t hcl.Traversal) (string, bool) {
	root := t.RootName()
	if len(t) < 2 {
		c.errorf(t[0].SourceRange(), "Invalid reference", "The %q object cannot be accessed directly. Instead, access one of its attributes.", root)
		return "", false
	}
	a, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		c.errorf(t[1].SourceRange(), "Invalid reference", "The %q object does not support this operation.", root)
		return "", false
	}
	return a.Name, true
}

func (c *refChecker) named(t hcl.Traversal, root, name string, sc refScope) {
	rng := hcl.RangeBetween(t[0].SourceRange(), t[1].SourceRange())
	switch root {
	case "var":
		if !c.vars[name] {
			names := make([]string, 0, len(c.vars))
			for k := range c.vars {
				names = append(names, k)
			}
			slices.Sort(names)
			hint := suggest(name, names)
			if hint == "" {
				hint = fmt.Sprintf(" This variable can be declared with a variable %q {} block.", name)
			}
			c.errorf(rng, "Reference to undeclared input variable", "An input variable with the name %q has not been declared.%s", name, hint)
		}
	case "local":
		if _, ok := c.m.locals[name]; !ok {
			c.errorf(rng, "Reference to undeclared local value", "A local value with the name %q has not been declared.%s",
				name, suggest(name, c.m.localNames()))
		}
	case "path":
		if name != "module" && name != "root" && name != "cwd" {
			c.errorf(rng, `Invalid "path" attribute`, `The "path" object does not have an attribute named %q.%s`,
				name, suggest(name, []string{"cwd", "module", "root"}))
		}
	case "terraform":
		switch name {
		case "workspace":
		case "env":
			c.errorf(rng, `Invalid "terraform" attribute`, `The terraform.env attribute was deprecated in v0.10 and removed in v0.12. The "state environment" concept was renamed to "workspace" in v0.12, and so the workspace name can now be accessed using the terraform.workspace attribute.`)
		default:
			c.errorf(rng, `Invalid "terraform" attribute`, `The "terraform" object does not have an attribute named %q. The only supported attribute is terraform.workspace, the name of the currently-selected workspace.`, name)
		}
	case "count":
		switch {
		case name != "index":
			c.errorf(rng, `Invalid "count" attribute`, `The "count" object does not have an attribute named %q. The only supported attribute is count.index, which is the index of each instance of a resource block that has the "count" argument set.`, name)
		case !sc.count:
			c.errorf(rng, `Reference to "count" in non-counted context`, `The "count" object can only be used in "module", "resource", and "data" blocks, and only when the "count" argument is set.`)
		}
	case "each":
		switch {
		case name != "key" && name != "value":
			c.errorf(rng, `Invalid "each" attribute`, `The "each" object does not have an attribute named %q. The supported attributes are each.key and each.value, the current key and value pair of the "for_each" attribute set.`, name)
		case !sc.each:
			c.errorf(rng, `Reference to "each" in context without for_each`, `The "each" object can be used only in "module" or "resource" blocks, and only when the "for_each" argument is set.`)
		}
	case "module":
		c.module(t, name, rng)
	}
}

func (c *refChecker) module(t hcl.Traversal, name string, rng hcl.Range) {
	if !slices.ContainsFunc(c.m.calls, func(cc *callConfig) bool { return cc.name == name }) {
		names := make([]string, len(c.m.calls))
		for i, cc := range c.m.calls {
			names[i] = cc.name
		}
		slices.Sort(names)
		hint := suggest(name, names)
		c.problems = append(c.problems, refProblem{rng: rng, summary: "Reference to undeclared module",
			detail: fmt.Sprintf("No module call named %q is declared in %s.%s", name, where, hint)})
		return
	}
	rest := t[2:]
	indexed := false
	if len(rest) > 0 {
		if _, ok := rest[0].(hcl.TraverseIndex); ok {
			indexed = true
			rest = rest[1:]
		}
	}
	if len(rest) == 0 {
		return
	}
	out, ok := rest[0].(hcl.TraverseAttr)
	if !ok {
		c.errorf(rest[0].SourceRange(), "Invalid reference", "Module instance objects do not support this operation.")
		return
	}
	// Located at the attribute, as HCL locates a missing one.
	c.outputs[name] = append(c.outputs[name], outputRef{output: out.Name, indexed: indexed, rng: out.SrcRange})
}

// resource checks a reference to a resource (mode "resource", "data",
// "ephemeral", "list" or "action"); t starts at the resource type, start is
// the range of the reference's first step.
func (c *refChecker) resource(mode string, t hcl.Traversal, start hcl.Range) {
	what := "resource type"
	if mode == "data" {
		what = "data source"
	}
	if len(t) < 2 {
		c.errorf(hcl.RangeBetween(start, t[len(t)-1].SourceRange()), "Invalid reference", "A reference to a %s must be followed by at least one attribute access, specifying the resource name.", what)
		return
	}
	var typ string
	switch s := t[0].(type) {
	case hcl.TraverseRoot:
		typ = s.Name
	case hcl.TraverseAttr:
		typ = s.Name
	default:
		c.errorf(t[0].SourceRange(), "Invalid reference", "The %q object does not support this operation.", mode)
		return
	}
	nameStep, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		c.errorf(t[1].SourceRange(), "Invalid reference", "A reference to a %s must be followed by at least one attribute access, specifying the resource name.", what)
		return
	}
	name := nameStep.Name
	rng := hcl.RangeBetween(start, nameStep.SrcRange)
	addr := typ + "." + name
	switch mode {
	case "data", "ephemeral", "list", "action":
		addr = mode + "." + addr
	}
	if mode == "ephemeral" || mode == "list" || mode == "action" {
		if !c.m.declared[addr] {
			article := "A"
			if mode == "ephemeral" {
				article = "An"
			}
			c.problems = append(c.problems, refProblem{rng: rng, summary: "Reference to undeclared resource", warn: true,
				detail: fmt.Sprintf("%s %s resource %q %q has not been declared in %s.", article, mode, typ, name, where)})
		}
		return
	}
	rc := c.resources[addr]
	if rc == nil {
		adj, hint := "managed", ""
		if mode == "data" {
			adj = "data"
		} else if c.resources["data."+addr] != nil {
			hint = fmt.Sprintf("\n\nDid you mean the data resource data.%s?", addr)
		}
		c.problems = append(c.problems, refProblem{rng: rng, summary: "Reference to undeclared resource", warn: true,
			detail: fmt.Sprintf("A %s resource %q %q has not been declared in %s.%s", adj, typ, name, where, hint)})
		return
	}
	display := addr
	rest := t[2:]
	if len(rest) > 0 {
		if step, ok := rest[0].(hcl.TraverseAttr); ok && step.Name == "count" {
			c.errorf(rng, "Invalid resource count attribute",
				`The special "count" attribute is no longer supported after Terraform v0.12. Instead, use length(%s) to count resource instances.`, display)
			return
		}
	}
	_, keyed := firstIndex(rest)
	switch {
	case keyed && rc.count == nil && rc.forEach == nil:
		c.errorf(hcl.RangeBetween(rng, rest[0].SourceRange()), "Unexpected resource instance key",
			`Because %s does not have "count" or "for_each" set, references to it must not include an index key. Remove the bracketed index to refer to the single instance of this resource.`, display)
	case !keyed && len(rest) > 0 && rc.count != nil:
		c.errorf(rng, "Missing resource instance key", "Because %s has \"count\" set, its attributes must be accessed on specific instances.\n\nFor example, to correlate with indices of a referring resource, use:\n    %s[count.index]", display, display)
	case !keyed && len(rest) > 0 && rc.forEach != nil:
		c.errorf(rng, "Missing resource instance key", "Because %s has \"for_each\" set, its attributes must be accessed on specific instances.\n\nFor example, to correlate with indices of a referring resource, use:\n    %s[each.key]", display, display)
	}
}

// firstIndex reports whether rest starts with an index step.
func firstIndex(rest hcl.Traversal) (hcl.TraverseIndex, bool) {
	if len(rest) == 0 {
		return hcl.TraverseIndex{}, false
	}
	ix, ok := rest[0].(hcl.TraverseIndex)
	return ix, ok
}

// checkOutputs checks the references a module instance makes to the
// outputs of module call cc, which paved read from cfg: an output the
// called module does not declare is an error, and so is an output read
// from a call with count without choosing an instance.
func (in *instance) checkOutputs(cc *callConfig, cfg *moduleConfig) {
	for _, r := range in.cfg.outputRefs[cc.name] {
		_, declared := cfg.outputs[r.output]
		switch {
		case cc.count != nil && !r.indexed:
			detail := "Can't access attributes on a list of objects. Did you mean to access an attribute for a specific element of the list, or across all elements of the list?"
			if declared {
				detail = fmt.Sprintf("Can't access attributes on a list of objects. Did you mean to access attribute %q for a specific element of the list, or across all elements of the list?", r.output)
			}
			in.ev.diags = append(in.ev.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsupported attribute",
				Detail: detail, Subject: r.rng.Ptr()})
		case !declared && (cc.forEach == nil || r.indexed):
			in.ev.diags = append(in.ev.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsupported attribute",
				Detail: fmt.Sprintf("This object does not have an attribute named %q.", r.output), Subject: r.rng.Ptr()})
		}
	}
}

// terraformFunctions are the names of Terraform's built-in functions (and
// OpenTofu's few more). A call to any other name outside a namespace is an
// error, as in Terraform; provider:: functions are unknown. Built-ins paved
// does not implement evaluate to unknown.
var terraformFunctions = nameSet(`abs abspath alltrue anytrue base64decode base64encode base64gzip
		base64sha256 base64sha512 basename bcrypt can ceil chomp chunklist cidrhost cidrnetmask cidrsubnet
		cidrsubnets coalesce coalescelist compact concat contains convert csvdecode dirname distinct element
		endswith ephemeralasnull file filebase64 filebase64sha256 filebase64sha512 fileexists filemd5 fileset
		filesha1 filesha256 filesha512 flatten floor format formatdate formatlist indent index issensitive join
		jsondecode jsonencode keys length list log lookup lower map matchkeys max md5 merge min nonsensitive one
		parseint pathexpand plantimestamp pow range regex regexall replace reverse rsadecrypt sensitive
		setintersection setproduct setsubtract setunion sha1 sha256 sha512 signum slice sort split startswith
		strcontains strrev substr sum templatefile templatestring textdecodebase64 textencodebase64 timeadd
		timecmp timestamp title tobool tolist tomap tonumber toset tostring transpose trim trimprefix trimspace
		trimsuffix try upper urlencode uuid uuidv5 values yamldecode yamlencode zipmap
		base64gunzip cidrcontains urldecode`)

func nameSet(names string) map[string]bool {
	set := map[string]bool{}
	for _, n := range strings.Fields(names) {
		set[n] = true
	}
	return set
}

// callDiag is the problem with calling a function of that name, nil when
// Terraform knows it.
func callDiag(e *hclsyntax.FunctionCallExpr) *hcl.Diagnostic {
	name := strings.TrimPrefix(e.Name, "core::")
	switch {
	case name == "list" || name == "map":
		use := map[string]string{"list": "tolist([ ... ]) syntax to write a literal list", "map": "tomap({ ... }) syntax to write a literal map"}[name]
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Error in function call",
			Detail:  fmt.Sprintf("Call to function %q failed: the %q function was deprecated in Terraform v0.12 and is no longer available; use %s.", e.Name, name, use),
			Subject: e.NameRange.Ptr()}
	case terraformFunctions[name], e.Name == iterateFunc, strings.Contains(name, "::"):
		return nil
	}
	names := make([]string, 0, len(terraformFunctions))
	for n := range terraformFunctions {
		names = append(names, n)
	}
	slices.Sort(names)
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Call to unknown function",
		Detail: fmt.Sprintf("There is no function named %q.%s", e.Name, suggest(e.Name, names)), Subject: e.NameRange.Ptr()}
}

// suggest is Terraform's "did you mean" hint: the first name within an edit
// distance of 2, or "".
func suggest(given string, names []string) string {
	for _, n := range names {
		if editDistance(given, n) < 3 {
			return fmt.Sprintf(" Did you mean %q?", n)
		}
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// variableDefault reads a variable's default as Terraform does: a constant,
// without variables or function calls. Native expressions are checked
// without evaluating them, as prepareExpr routes for expressions through a
// function of paved's own.
func variableDefault(a *attribute) (cty.Value, hcl.Diagnostics) {
	se, native := a.expr.(hclsyntax.Expression)
	if !native {
		return a.expr.Value(nil) // JSON strings are literals here
	}
	var diags hcl.Diagnostics
	for _, t := range a.vars {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Variables not allowed",
			Detail: "Variables may not be used here.", Subject: t[0].SourceRange().Ptr()})
	}
	hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
		if fc, ok := n.(*hclsyntax.FunctionCallExpr); ok && fc.Name != iterateFunc {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Function calls not allowed",
				Detail: "Functions may not be called here.", Subject: fc.Range().Ptr()})
		}
		return nil
	})
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	return a.expr.Value(&hcl.EvalContext{Functions: map[string]function.Function{iterateFunc: identityFunc}})
}
