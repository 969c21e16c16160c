package terraform

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Limits that keep hostile or broken configurations from exhausting memory
// or time. Real configurations stay far below them.
const (
	maxInstances    = 10000  // instances of one resource, module call or dynamic block
	maxTargetItems  = 200000 // instances and generated blocks in one target
	maxModuleDepth  = 10     // nested local module calls
	maxLazyDepth    = 1000   // chained locals/outputs evaluated on demand
	maxBlockNesting = 64     // nested blocks in a resource body
)

// evaluation is the state of evaluating one target: the root module
// instance and everything it expands. It runs on one goroutine.
type evaluation struct {
	ld            *load
	ctx           context.Context
	funcs         map[string]function.Function
	rootDir       string
	items         int             // instances and generated blocks so far
	iterations    int             // iterations of for expressions so far
	inDoc         bool            // evaluating again for a JSON document
	docIterations int             // iterations spent on JSON documents
	diags         hcl.Diagnostics // problems that make the target unusable
	modules       []*moduleConfig // every module read, root first
	reads         map[string][]byte
}

// instance is one instance of a module: the root, or module.x[key].
type instance struct {
	ev               *evaluation
	cfg              *moduleConfig
	addr             string // "" for the root, else "module.a[0].module.b"
	parent           *instance
	depth            int
	unknownInstances bool // some enclosing module call has unknown count/for_each
	vars             cty.Value
	varRefs          map[string][]string
	varSrc           map[string]argSource // what the caller passes, for jsonDoc
	pathVal          cty.Value

	locals    map[string]*lazyVal
	localRefs map[string]*lazyRefs
	outRefs   map[string]*lazyRefs
	outputs   lazyVal
	calls     map[string]*callResult
	nest      int
	full      *hcl.EvalContext

	resources []map[string]any
	tfBlocks  []any
	providers []any
}

// evalState tracks a lazily computed value; seeing one inProgress again
// means a dependency cycle, which yields unknown rather than recursion.
type evalState int

const (
	notStarted evalState = iota
	inProgress
	done
)

type lazyVal struct {
	state evalState
	val   cty.Value
}

type lazyRefs struct {
	state evalState
	refs  []string
}

// callResult is a module call of an instance, evaluated on demand.
type callResult struct {
	cfg      *callConfig
	address  string
	state    evalState
	resolved bool
	mode     int // expandSingle, expandCount, expandForEach, expandUnknown
	keys     []any
	children []*instance
	value    lazyVal
}

const (
	expandSingle = iota
	expandCount
	expandForEach
	expandUnknown
)

// instKey is one instance of a resource or module call.
type instKey struct {
	key   any // nil, int (count) or string (for_each)
	extra map[string]cty.Value
}

func (ev *evaluation) newInstance(cfg *moduleConfig, addr string, parent *instance) *instance {
	in := &instance{ev: ev, cfg: cfg, addr: addr, parent: parent,
		locals: map[string]*lazyVal{}, localRefs: map[string]*lazyRefs{}, outRefs: map[string]*lazyRefs{},
		calls: make(map[string]*callResult, len(cfg.calls))}
	if parent != nil {
		in.depth = parent.depth + 1
		in.unknownInstances = parent.unknownInstances
	}
	for _, c := range cfg.calls {
		in.calls[c.name] = &callResult{cfg: c, address: joinAddr(addr, "module."+c.name)}
	}
	in.pathVal = cty.ObjectVal(map[string]cty.Value{
		"module": cty.StringVal(relPath(ev.rootDir, cfg.dir)),
		"root":   cty.StringVal("."),
		"cwd":    cty.StringVal("."),
	})
	return in
}

func joinAddr(prefix, s string) string {
	if prefix == "" {
		return s
	}
	return prefix + "." + s
}

// eval evaluates an expression. Anything that fails to evaluate, an unknown
// function, a reference to what paved cannot know, a type error, is unknown:
// paved judges what it can and never reports a failure on a guess.
func (in *instance) eval(e hcl.Expression, ctx *hcl.EvalContext) cty.Value {
	v, diags := e.Value(ctx)
	if diags.HasErrors() || v.Type() == cty.NilType {
		return cty.DynamicVal
	}
	if v.IsMarked() {
		v, _ = v.UnmarkDeep()
	}
	return v
}

// run evaluates every module call and resource of the instance.
func (in *instance) run() {
	for _, c := range in.cfg.calls {
		in.call(c.name)
	}
	for _, rc := range in.cfg.resources {
		if in.ev.ctx.Err() != nil {
			return
		}
		in.evalResource(rc)
	}
	for _, b := range in.cfg.terraform {
		in.tfBlocks = append(in.tfBlocks, in.terraformDoc(b))
	}
	for _, b := range in.cfg.providers {
		in.providers = append(in.providers, in.providerDoc(b))
	}
}

func (in *instance) local(name string) cty.Value {
	lc := in.cfg.locals[name]
	if lc == nil {
		return cty.DynamicVal
	}
	st := in.locals[name]
	if st == nil {
		st = &lazyVal{}
		in.locals[name] = st
	}
	switch st.state {
	case done:
		return st.val
	case inProgress:
		return cty.DynamicVal // a cycle: Terraform rejects it, paved cannot know the value
	}
	if in.nest > maxLazyDepth {
		return cty.DynamicVal
	}
	st.state = inProgress
	in.nest++
	st.val = in.eval(lc.expr, in.scopeCtx(lc.needs, nil))
	in.nest--
	st.state = done
	return st.val
}

// expand evaluates count or for_each into instance keys. With mode
// expandUnknown the number of instances cannot be known, and the one key
// returned stands for all of them.
func (in *instance) expand(count, forEach hcl.Expression, ctx *hcl.EvalContext, rng hcl.Range) (keys []instKey, mode int) {
	switch {
	case count != nil:
		v := in.eval(count, ctx)
		n, ok := wholeNumber(v)
		if !ok {
			return unknownKey(), expandUnknown
		}
		if !in.ev.spend(n, rng) {
			return nil, expandCount
		}
		keys = make([]instKey, n)
		for i := range n {
			keys[i] = instKey{key: i, extra: map[string]cty.Value{
				"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(i))})}}
		}
		return keys, expandCount
	case forEach != nil:
		v := in.eval(forEach, ctx)
		if !v.IsKnown() || v.IsNull() {
			return unknownKey(), expandUnknown
		}
		ty := v.Type()
		switch {
		case ty.IsMapType() || ty.IsObjectType():
			if !in.ev.spend(v.LengthInt(), rng) {
				return nil, expandForEach
			}
			for it := v.ElementIterator(); it.Next(); {
				k, ev := it.Element()
				keys = append(keys, instKey{key: k.AsString(), extra: eachVars(k, ev)})
			}
		case ty.IsSetType() || ty.IsListType() || ty.IsTupleType():
			// Terraform takes a set of strings; a list is accepted here too.
			if !v.IsWhollyKnown() {
				return unknownKey(), expandUnknown
			}
			seen := map[string]bool{}
			var names []string
			for it := v.ElementIterator(); it.Next(); {
				_, e := it.Element()
				s, err := convertValue(e, cty.String)
				if err != nil || s.IsNull() {
					return unknownKey(), expandUnknown
				}
				if !seen[s.AsString()] {
					seen[s.AsString()] = true
					names = append(names, s.AsString())
				}
			}
			slices.Sort(names)
			if !in.ev.spend(len(names), rng) {
				return nil, expandForEach
			}
			for _, s := range names {
				sv := cty.StringVal(s)
				keys = append(keys, instKey{key: s, extra: eachVars(sv, sv)})
			}
		default:
			return unknownKey(), expandUnknown
		}
		return keys, expandForEach
	}
	return []instKey{{}}, expandSingle
}

func eachVars(k, v cty.Value) map[string]cty.Value {
	return map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})}
}

func unknownKey() []instKey {
	return []instKey{{extra: map[string]cty.Value{
		"count": cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)}),
		"each":  cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String), "value": cty.DynamicVal}),
	}}}
}

// wholeNumber reads a count: a known, whole, non-negative number. A number
// beyond any budget reads as maxTargetItems+1, which spend refuses with a
// diagnostic.
func wholeNumber(v cty.Value) (int, bool) {
	if !v.IsKnown() || v.IsNull() {
		return 0, false
	}
	nv, err := convertValue(v, cty.Number)
	if err != nil || !nv.IsKnown() || nv.IsNull() {
		return 0, false
	}
	bf := nv.AsBigFloat()
	if !bf.IsInt() || bf.Sign() < 0 {
		return 0, false
	}
	if n, acc := bf.Int64(); acc == big.Exact && n <= maxTargetItems {
		return int(n), true
	}
	return maxTargetItems + 1, true
}

// spend takes n items from the target's budget, reporting when one
// expansion or the target as a whole is too large.
func (ev *evaluation) spend(n int, rng hcl.Range) bool {
	if n > maxInstances {
		ev.diags = append(ev.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Too many instances",
			Detail: fmt.Sprintf("This expands to %d instances; paved examines at most %d.", n, maxInstances), Subject: rng.Ptr()})
		return false
	}
	ev.items += n
	if ev.items > maxTargetItems {
		if ev.items-n <= maxTargetItems {
			ev.diags = append(ev.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Too many instances",
				Detail: fmt.Sprintf("The configuration expands to more than %d resources and blocks.", maxTargetItems), Subject: rng.Ptr()})
		}
		return false
	}
	return true
}

// call evaluates module call name once: its instances are expanded and run.
func (in *instance) call(name string) *callResult {
	cr := in.calls[name]
	if cr == nil || cr.state != 0 {
		return cr
	}
	cr.state = inProgress
	defer func() { cr.state = done }()
	c := cr.cfg
	if c.localDir == "" {
		return cr
	}
	rng := hcl.Range{Filename: c.file, Start: hcl.Pos{Line: c.line, Column: 1}, End: hcl.Pos{Line: c.line, Column: 1}}
	if in.depth+1 > maxModuleDepth {
		in.ev.diags = append(in.ev.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Modules nest too deep",
			Detail: fmt.Sprintf("Local modules nest more than %d levels deep here.", maxModuleDepth), Subject: &rng})
		return cr
	}
	for p := in; p != nil; p = p.parent {
		if p.cfg.dir == c.localDir {
			in.ev.diags = append(in.ev.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module cycle",
				Detail: fmt.Sprintf("Module %q calls a module that contains it (%s).", c.name, c.source), Subject: &rng})
			return cr
		}
	}
	cfg := in.ev.ld.module(c.localDir)
	in.ev.useModule(cfg)
	if len(cfg.files) == 0 {
		in.ev.diags = append(in.ev.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unreadable module directory",
			Detail: fmt.Sprintf("Module %q: %s holds no Terraform files.", c.name, c.source), Subject: &rng})
		return cr
	}
	in.ev.reportRefs(cfg, cr.address)
	in.checkOutputs(c, cfg)
	cr.resolved = true
	ctx := in.scopeCtx(c.needs, nil)
	keys, mode := in.expand(c.count, c.forEach, ctx, rng)
	cr.mode = mode
	args := make(map[string]*attribute, len(c.args))
	for _, a := range c.args {
		args[a.name] = a
	}
	for _, k := range keys {
		if in.ev.ctx.Err() != nil {
			return cr
		}
		ictx := ctx
		if k.extra != nil {
			ictx = ctx.NewChild()
			ictx.Variables = k.extra
		}
		child := in.ev.newInstance(cfg, cr.address+keySuffix(k.key), in)
		child.unknownInstances = child.unknownInstances || mode == expandUnknown
		vals := make(map[string]cty.Value, len(cfg.variables))
		child.varRefs = map[string][]string{}
		child.varSrc = make(map[string]argSource, len(args))
		for _, v := range cfg.variables {
			a := args[v.name]
			switch {
			case a != nil:
				vals[v.name] = v.convert(in.eval(a.expr, ictx))
				child.varSrc[v.name] = argSource{in: in, expr: a.expr, ctx: ictx}
				if refs := in.exprRefs(a.expr, a.vars, ictx); len(refs) > 0 {
					child.varRefs[v.name] = refs
				}
			case v.hasDefault:
				vals[v.name] = v.def
			default:
				vals[v.name] = cty.UnknownVal(v.typ)
			}
		}
		child.vars = cty.ObjectVal(vals)
		cr.keys = append(cr.keys, k.key)
		cr.children = append(cr.children, child)
		child.run()
	}
	return cr
}

// moduleValue is what module.NAME evaluates to in the caller: the outputs
// of its instance, a tuple of them (count) or an object by key (for_each).
func (in *instance) moduleValue(name string) cty.Value {
	cr := in.call(name)
	if cr == nil || cr.state == inProgress || !cr.resolved {
		return cty.DynamicVal
	}
	switch cr.value.state {
	case done:
		return cr.value.val
	case inProgress:
		return cty.DynamicVal
	}
	cr.value.state = inProgress
	var v cty.Value
	switch cr.mode {
	case expandSingle:
		v = cr.children[0].outputValues()
	case expandCount:
		vals := make([]cty.Value, len(cr.children))
		for i, c := range cr.children {
			vals[i] = c.outputValues()
		}
		v = cty.TupleVal(vals)
		if len(vals) == 0 {
			v = cty.EmptyTupleVal
		}
	case expandForEach:
		vals := make(map[string]cty.Value, len(cr.children))
		for i, c := range cr.children {
			vals[cr.keys[i].(string)] = c.outputValues()
		}
		v = cty.ObjectVal(vals)
	default:
		v = cty.DynamicVal
	}
	cr.value = lazyVal{state: done, val: v}
	return v
}

func (in *instance) outputValues() cty.Value {
	switch in.outputs.state {
	case done:
		return in.outputs.val
	case inProgress:
		return cty.DynamicVal
	}
	in.outputs.state = inProgress
	vals := make(map[string]cty.Value, len(in.cfg.outputs))
	ctx := in.fullCtx()
	for name, oc := range in.cfg.outputs {
		vals[name] = in.eval(oc.expr, ctx)
	}
	in.outputs = lazyVal{state: done, val: cty.ObjectVal(vals)}
	return in.outputs.val
}

// keySuffix is an instance key as Terraform writes it in an address.
func keySuffix(key any) string {
	switch k := key.(type) {
	case int:
		return fmt.Sprintf("[%d]", k)
	case string:
		return "[" + quoteKey(k) + "]"
	}
	return ""
}

func quoteKey(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
