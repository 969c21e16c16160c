package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// References are resolved to the resources and data sources behind an
// expression: directly (aws_s3_bucket.b.id), and through locals, module
// inputs and module outputs, so that a split resource refers to its bucket
// even when the bucket's id travels through a module boundary.

type refSet struct {
	list []string
	seen map[string]bool
}

func (s *refSet) add(r string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if !s.seen[r] {
		s.seen[r] = true
		s.list = append(s.list, r)
	}
}

func (s *refSet) addAll(rs []string) {
	for _, r := range rs {
		s.add(r)
	}
}

// resourceRefs is the references map of one resource instance.
func (in *instance) resourceRefs(rc *resourceConfig, ctx *hcl.EvalContext) map[string]any {
	out := map[string]any{}
	for _, a := range rc.body.attrs {
		if ts := rc.attrRefs[a.name]; ts != nil {
			s := &refSet{}
			if in.quickRefs(ts, s) {
				in.collectRefs(a.expr, ctx, s)
			}
			putRefs(out, a.name, s)
		}
	}
	done := map[string]bool{}
	for _, b := range rc.body.blocks {
		name := blockName(b)
		ts := rc.attrRefs[name]
		if ts == nil || done[name] {
			continue
		}
		done[name] = true
		s := &refSet{}
		if in.quickRefs(ts, s) {
			for _, b2 := range rc.body.blocks {
				if blockName(b2) == name {
					in.bodyRefs(b2.body, ctx, s, 0)
				}
			}
		}
		putRefs(out, name, s)
	}
	return out
}

func putRefs(out map[string]any, name string, s *refSet) {
	if len(s.list) == 0 {
		return
	}
	l := make([]any, len(s.list))
	for i, r := range s.list {
		l[i] = r
	}
	out[name] = l
}

// quickRefs adds what the traversals alone resolve (through variables,
// locals, and literal keys) and reports whether the syntax must be walked
// because a resource or module is indexed by an expression, which only the
// walk can evaluate.
func (in *instance) quickRefs(ts []hcl.Traversal, s *refSet) bool {
	walk := false
	for _, t := range ts {
		switch root := t.RootName(); root {
		case "path", "terraform", "count", "each", "self":
		case "var", "local":
			in.traversalRefs(t, s)
		case "module":
			if len(t) == 2 {
				walk = true
			} else {
				in.traversalRefs(t, s)
			}
		default:
			addr, ki := refTarget(t)
			if addr == "" || !in.cfg.declared[addr] {
				continue
			}
			if len(t) == ki {
				walk = true
			} else {
				in.traversalRefs(t, s)
			}
		}
	}
	return walk
}

func (in *instance) bodyRefs(b *body, ctx *hcl.EvalContext, s *refSet, depth int) {
	if depth > maxBlockNesting {
		return
	}
	for _, a := range b.attrs {
		in.collectRefs(a.expr, ctx, s)
	}
	for _, nb := range b.blocks {
		in.bodyRefs(nb.body, ctx, s, depth+1)
	}
}

// exprRefs returns the references of one expression, given its variables.
func (in *instance) exprRefs(e hcl.Expression, vars []hcl.Traversal, ctx *hcl.EvalContext) []string {
	if !mayRefer(vars) {
		return nil
	}
	s := &refSet{}
	if in.quickRefs(vars, s) {
		in.collectRefs(e, ctx, s)
	}
	return s.list
}

func (in *instance) collectRefs(e hcl.Expression, ctx *hcl.EvalContext, s *refSet) {
	if in.nest > maxLazyDepth {
		return
	}
	if se, ok := e.(hclsyntax.Expression); ok {
		w := &refWalker{in: in, ctx: ctx, out: s}
		_ = hclsyntax.Walk(se, w)
		return
	}
	for _, t := range e.Variables() {
		in.traversalRefs(t, s)
	}
}

// refWalker walks native syntax so that an instance key written as an
// expression (aws_s3_bucket.b[count.index]) is evaluated, which the
// traversals from Variables() cannot show.
type refWalker struct {
	in     *instance
	ctx    *hcl.EvalContext
	out    *refSet
	scopes []map[string]struct{}
	done   map[*hclsyntax.ScopeTraversalExpr]bool
}

func (w *refWalker) shadowed(name string) bool {
	for _, sc := range w.scopes {
		if _, ok := sc[name]; ok {
			return true
		}
	}
	return false
}

func (w *refWalker) markDone(st *hclsyntax.ScopeTraversalExpr) {
	if w.done == nil {
		w.done = map[*hclsyntax.ScopeTraversalExpr]bool{}
	}
	w.done[st] = true
}

func (w *refWalker) Enter(n hclsyntax.Node) hcl.Diagnostics {
	switch n := n.(type) {
	case hclsyntax.ChildScope:
		w.scopes = append(w.scopes, n.LocalNames)
	case *hclsyntax.RelativeTraversalExpr:
		// module.x[key].output
		ix, ok := n.Source.(*hclsyntax.IndexExpr)
		if !ok {
			return nil
		}
		st, ok := ix.Collection.(*hclsyntax.ScopeTraversalExpr)
		if !ok || len(st.Traversal) != 2 || st.Traversal.RootName() != "module" || w.shadowed("module") {
			return nil
		}
		name, _ := stepName(st.Traversal, 1)
		out, _ := stepName(n.Traversal, 0)
		w.in.moduleRefs(name, w.key(ix.Key), out, w.out)
		w.markDone(st)
	case *hclsyntax.IndexExpr:
		st, ok := n.Collection.(*hclsyntax.ScopeTraversalExpr)
		if !ok || w.done[st] || w.shadowed(st.Traversal.RootName()) {
			return nil
		}
		t := st.Traversal
		root := t.RootName()
		switch {
		case root == "module" && len(t) == 2:
			name, _ := stepName(t, 1)
			w.in.moduleRefs(name, w.key(n.Key), "", w.out)
		case root == "data" && len(t) == 3, !scopeRoots[root] && root != "data" && len(t) == 2:
			base := w.in.resourceAddr(t)
			if base == "" {
				return nil
			}
			w.out.add(base + keySuffix(goKey(w.key(n.Key))))
		default:
			return nil
		}
		w.markDone(st)
	case *hclsyntax.ScopeTraversalExpr:
		if !w.done[n] && !w.shadowed(n.Traversal.RootName()) {
			w.in.traversalRefs(n.Traversal, w.out)
		}
	}
	return nil
}

func (w *refWalker) Exit(n hclsyntax.Node) hcl.Diagnostics {
	if _, ok := n.(hclsyntax.ChildScope); ok && len(w.scopes) > 0 {
		w.scopes = w.scopes[:len(w.scopes)-1]
	}
	return nil
}

// key evaluates an instance key expression, cty.NilVal when unknown.
func (w *refWalker) key(e hclsyntax.Expression) cty.Value {
	v, diags := e.Value(w.ctx)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
		return cty.NilVal
	}
	return v
}

// goKey turns a known instance key into an int or string, nil otherwise.
func goKey(v cty.Value) any {
	if v.Type() == cty.NilType || v.IsMarked() {
		return nil
	}
	switch v.Type() {
	case cty.String:
		return v.AsString()
	case cty.Number:
		if n, ok := wholeNumber(v); ok && n <= maxTargetItems {
			return n
		}
	}
	return nil
}

// refTarget is the module-relative address (without instance key) of the
// resource or data source a traversal starts with, and the position of the
// step that may hold its instance key; "" when it starts with something else.
func refTarget(t hcl.Traversal) (string, int) {
	root := t.RootName()
	if root == "data" {
		typ, ok1 := stepName(t, 1)
		name, ok2 := stepName(t, 2)
		if !ok1 || !ok2 {
			return "", 0
		}
		return "data." + typ + "." + name, 3
	}
	if scopeRoots[root] {
		return "", 0
	}
	name, ok := stepName(t, 1)
	if !ok {
		return "", 0
	}
	return root + "." + name, 2
}

// resourceAddr is the full base address of the resource or data source a
// traversal starts with, "" when it names nothing declared in the module
// (an iterator of a dynamic block looks just like a resource).
func (in *instance) resourceAddr(t hcl.Traversal) string {
	addr, _ := refTarget(t)
	if addr == "" || !in.cfg.declared[addr] {
		return ""
	}
	return joinAddr(in.addr, addr)
}

// traversalRefs adds the references behind one traversal.
func (in *instance) traversalRefs(t hcl.Traversal, s *refSet) {
	root := t.RootName()
	switch root {
	case "path", "terraform", "count", "each", "self":
	case "var":
		if name, ok := stepName(t, 1); ok {
			s.addAll(in.varRefs[name])
		}
	case "local":
		if name, ok := stepName(t, 1); ok {
			s.addAll(in.localRefsOf(name))
		}
	case "module":
		name, ok := stepName(t, 1)
		if !ok {
			return
		}
		key, out := cty.NilVal, ""
		rest := 2
		if len(t) > 2 {
			if ix, ok := t[2].(hcl.TraverseIndex); ok {
				key = ix.Key
				rest = 3
			}
		}
		out, _ = stepName(t, rest)
		in.moduleRefs(name, key, out, s)
	default:
		base := in.resourceAddr(t)
		if base == "" {
			return
		}
		_, i := refTarget(t)
		var key any
		if len(t) > i {
			if ix, ok := t[i].(hcl.TraverseIndex); ok {
				key = goKey(ix.Key)
			}
		}
		s.add(base + keySuffix(key))
	}
}

func (in *instance) localRefsOf(name string) []string {
	lc := in.cfg.locals[name]
	if lc == nil || !mayRefer(lc.vars) {
		return nil
	}
	st := in.localRefs[name]
	if st == nil {
		st = &lazyRefs{}
		in.localRefs[name] = st
	}
	if st.state != 0 {
		return st.refs // done, or a cycle
	}
	st.state = inProgress
	in.nest++
	st.refs = in.exprRefs(lc.expr, lc.vars, in.scopeCtx(lc.needs, nil))
	in.nest--
	st.state = done
	return st.refs
}

// moduleRefs adds the references behind module.name[key].output: the
// resources the output's expression refers to inside the module. A missing
// key means every instance, a missing output every output.
func (in *instance) moduleRefs(name string, key cty.Value, output string, s *refSet) {
	cr := in.call(name)
	if cr == nil || !cr.resolved || cr.state == inProgress {
		return
	}
	want := goKey(key)
	for i, child := range cr.children {
		if want != nil && cr.keys[i] != want {
			continue
		}
		if output != "" {
			s.addAll(child.outputRefsOf(output))
			continue
		}
		for _, o := range child.cfg.outNames {
			s.addAll(child.outputRefsOf(o))
		}
	}
}

func (in *instance) outputRefsOf(name string) []string {
	oc := in.cfg.outputs[name]
	if oc == nil || !mayRefer(oc.vars) {
		return nil
	}
	st := in.outRefs[name]
	if st == nil {
		st = &lazyRefs{}
		in.outRefs[name] = st
	}
	if st.state != 0 {
		return st.refs
	}
	st.state = inProgress
	in.nest++
	st.refs = in.exprRefs(oc.expr, oc.vars, in.fullCtx())
	in.nest--
	st.state = done
	return st.refs
}
