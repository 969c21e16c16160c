package terraform

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// needs is what an expression (or a whole block) reads from its module's
// scope, found statically once per configuration. An evaluation context is
// built with exactly these names, which lets locals and module calls be
// evaluated on demand, in dependency order, without a graph.
type needs struct {
	roots      []string // root names other than local and module
	locals     []string
	modules    []string
	allLocals  bool // `local` used as a whole value
	allModules bool
}

// scopeRoots are root names Terraform defines itself; any other root is a
// resource type (or an iterator), whose value paved cannot know.
var scopeRoots = map[string]bool{"var": true, "local": true, "module": true, "path": true,
	"terraform": true, "count": true, "each": true, "self": true}

func attrNeeds(a *attribute) *needs {
	return traversalNeeds(a.vars)
}

func bodyNeeds(b *body) *needs {
	var ts []hcl.Traversal
	collectTraversals(b, &ts, 0)
	return traversalNeeds(ts)
}

func collectTraversals(b *body, out *[]hcl.Traversal, depth int) {
	if depth > maxNesting {
		return
	}
	for _, a := range b.attrs {
		*out = append(*out, a.vars...)
	}
	for _, nb := range b.blocks {
		collectTraversals(nb.body, out, depth+1)
	}
}

func traversalNeeds(ts []hcl.Traversal) *needs {
	n := &needs{}
	for _, t := range ts {
		root := t.RootName()
		switch root {
		case "local":
			if name, ok := stepName(t, 1); ok {
				n.locals = appendUnique(n.locals, name)
			} else {
				n.allLocals = true
			}
		case "module":
			if name, ok := stepName(t, 1); ok {
				n.modules = appendUnique(n.modules, name)
			} else {
				n.allModules = true
			}
		default:
			n.roots = appendUnique(n.roots, root)
		}
	}
	return n
}

// stepName is the attribute (or string index) name at step i of t.
func stepName(t hcl.Traversal, i int) (string, bool) {
	if len(t) <= i {
		return "", false
	}
	switch s := t[i].(type) {
	case hcl.TraverseAttr:
		return s.Name, true
	case hcl.TraverseIndex:
		if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsNull() {
			return s.Key.AsString(), true
		}
	}
	return "", false
}

// mayRefer reports whether traversals could lead to a resource reference
// (directly, or through a local, variable or module output), so attributes
// built from literals skip the reference walk.
func mayRefer(ts []hcl.Traversal) bool {
	for _, t := range ts {
		switch t.RootName() {
		case "path", "terraform", "count", "each", "self":
		default:
			return true
		}
	}
	return false
}

func appendUnique(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// scopeCtx builds the evaluation context for what n needs, with extra
// (count, each) set for a resource or module instance.
func (in *instance) scopeCtx(n *needs, extra map[string]cty.Value) *hcl.EvalContext {
	vars := make(map[string]cty.Value, len(n.roots)+2)
	for _, r := range n.roots {
		switch r {
		case "var":
			vars[r] = in.vars
		case "path":
			vars[r] = in.pathVal
		case "terraform":
			vars[r] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		default:
			if v, ok := extra[r]; ok {
				vars[r] = v
			} else {
				vars[r] = cty.DynamicVal
			}
		}
	}
	if n.allLocals || len(n.locals) > 0 {
		names := n.locals
		if n.allLocals {
			names = in.cfg.localNames()
		}
		m := make(map[string]cty.Value, len(names))
		for _, name := range names {
			m[name] = in.local(name)
		}
		vars["local"] = cty.ObjectVal(m)
	}
	if n.allModules || len(n.modules) > 0 {
		names := n.modules
		if n.allModules {
			names = nil
			for _, c := range in.cfg.calls {
				names = append(names, c.name)
			}
		}
		m := make(map[string]cty.Value, len(names))
		for _, name := range names {
			m[name] = in.moduleValue(name)
		}
		vars["module"] = cty.ObjectVal(m)
	}
	return &hcl.EvalContext{Variables: vars, Functions: in.ev.funcs}
}

// fullCtx is the context resources and outputs evaluate in: every local
// and module call of the instance, and unknown for every other root name
// the module's resources use. It is built once per instance, when run has
// evaluated every module call, so no value in it is cut short by a call
// still in progress (locals and module arguments, evaluated during calls,
// use scopeCtx instead).
func (in *instance) fullCtx() *hcl.EvalContext {
	if in.full != nil {
		return in.full
	}
	n := &needs{roots: in.cfg.roots, allLocals: len(in.cfg.locals) > 0, allModules: len(in.cfg.calls) > 0}
	in.full = in.scopeCtx(n, nil)
	return in.full
}

func (m *moduleConfig) localNames() []string {
	names := make([]string, 0, len(m.locals))
	for k := range m.locals {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
