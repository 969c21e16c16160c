package terraform

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// A string attribute built as JSON — jsonencode of a value with unknown
// parts, or a template (heredoc, quoted string, templatefile) that is JSON
// around interpolations not known before apply — is unknown as a string, but
// the document it holds is mostly known: an IAM policy with one interpolated
// ARN still has its "*". Such an attribute is handed to policies decoded,
// with the contract's unknown mirror marking the parts that are not known
// (docs/terraform-input.md), so a value is unknown, not its neighbours.

// maxDocFollow bounds how far jsonDoc follows locals, module inputs and
// outputs to the expression that builds a document.
const maxDocFollow = 32

// unknownMark stands for an interpolation not known before apply in the text
// of a JSON template: a character from Unicode's private use area, which JSON
// carries as it is. A string holding it is unknown.
const unknownMark = "\ue000"

// argSource is the expression a module call passes for a variable, with the
// caller's instance and context, so a document can be followed into a module.
type argSource struct {
	in   *instance
	expr hcl.Expression
	ctx  *hcl.EvalContext
}

// documentOf is jsonDoc for an attribute whose value is unknown. What it
// evaluates again spends its own iteration budget, so following documents
// never makes a valid configuration fail.
func (in *instance) documentOf(e hcl.Expression, ctx *hcl.EvalContext) (val, mirror any, ok bool) {
	if in.ev.inDoc {
		return in.jsonDoc(e, ctx, 0)
	}
	in.ev.inDoc = true
	defer func() { in.ev.inDoc = false }()
	return in.jsonDoc(e, ctx, 0)
}

// jsonDoc decodes the JSON document an unknown string expression builds,
// with its mirror of unknown parts. ok is false when e does not build a JSON
// object or array paved can see into, or when nothing in it is unknown.
func (in *instance) jsonDoc(e hcl.Expression, ctx *hcl.EvalContext, depth int) (val, mirror any, ok bool) {
	if depth > maxDocFollow || in.nest > maxLazyDepth || in.ev.ctx.Err() != nil {
		return nil, nil, false
	}
	switch e := e.(type) {
	case *hclsyntax.ParenthesesExpr:
		return in.jsonDoc(e.Expression, ctx, depth+1)
	case *hclsyntax.TemplateWrapExpr:
		return in.jsonDoc(e.Wrapped, ctx, depth+1)
	case *hclsyntax.TemplateExpr:
		return in.templateDoc(e.Parts, ctx)
	case *hclsyntax.ConditionalExpr:
		c := in.eval(e.Condition, ctx)
		if !c.IsKnown() || c.IsNull() || c.Type() != cty.Bool {
			return nil, nil, false
		}
		if c.True() {
			return in.jsonDoc(e.TrueResult, ctx, depth+1)
		}
		return in.jsonDoc(e.FalseResult, ctx, depth+1)
	case *hclsyntax.FunctionCallExpr:
		return in.callDoc(e, ctx, depth)
	case *hclsyntax.ScopeTraversalExpr:
		return in.traversalDoc(e.Traversal, depth)
	}
	return nil, nil, false
}

func (in *instance) callDoc(e *hclsyntax.FunctionCallExpr, ctx *hcl.EvalContext, depth int) (val, mirror any, ok bool) {
	if e.ExpandFinal {
		return nil, nil, false
	}
	switch strings.TrimPrefix(e.Name, "core::") {
	case "jsonencode":
		if len(e.Args) != 1 {
			return nil, nil, false
		}
		v := in.eval(e.Args[0], ctx)
		if !v.IsKnown() || v.IsNull() {
			return nil, nil, false
		}
		ty := v.Type()
		if !(ty.IsObjectType() || ty.IsMapType() || ty.IsTupleType() || ty.IsListType()) {
			return nil, nil, false
		}
		val, mirror, ok = goValue(v, 0)
		return val, mirror, ok && mirror != nil
	case "templatefile":
		if len(e.Args) != 2 {
			return nil, nil, false
		}
		p := in.eval(e.Args[0], ctx)
		vars := in.eval(e.Args[1], ctx)
		if !p.IsKnown() || p.IsNull() || p.Type() != cty.String || !vars.IsKnown() || vars.IsNull() ||
			!(vars.Type().IsObjectType() || vars.Type().IsMapType()) {
			return nil, nil, false
		}
		return in.templateFileDoc(p.AsString(), vars)
	case "try":
		// try returns its first argument that evaluates without an error:
		// here, one whose value is unknown.
		for _, a := range e.Args {
			v, diags := a.Value(ctx)
			if diags.HasErrors() {
				continue
			}
			if v.IsWhollyKnown() {
				return nil, nil, false
			}
			return in.jsonDoc(a, ctx, depth+1)
		}
	}
	return nil, nil, false
}

// traversalDoc follows local.NAME, var.NAME (to what the module's caller
// passes) and module.NAME[KEY].OUTPUT to the expression behind them.
func (in *instance) traversalDoc(t hcl.Traversal, depth int) (val, mirror any, ok bool) {
	name, named := stepName(t, 1)
	if !named {
		return nil, nil, false
	}
	switch t.RootName() {
	case "local":
		lc := in.cfg.locals[name]
		if lc == nil || len(t) != 2 {
			return nil, nil, false
		}
		in.nest++
		defer func() { in.nest-- }()
		return in.jsonDoc(lc.expr, in.scopeCtx(lc.needs, nil), depth+1)
	case "var":
		src, found := in.varSrc[name]
		if !found || len(t) != 2 {
			return nil, nil, false
		}
		return src.in.jsonDoc(src.expr, src.ctx, depth+1)
	case "module":
		cr := in.call(name)
		if cr == nil || !cr.resolved || cr.state == inProgress {
			return nil, nil, false
		}
		rest := t[2:]
		if len(rest) == 0 || len(rest) > 2 {
			return nil, nil, false
		}
		var child *instance
		switch {
		case len(rest) == 1 && cr.mode == expandSingle && len(cr.children) == 1:
			child = cr.children[0]
		case len(rest) == 2:
			ix, isIndex := rest[0].(hcl.TraverseIndex)
			if !isIndex {
				return nil, nil, false
			}
			want := goKey(ix.Key)
			for i, k := range cr.keys {
				if want != nil && k == want {
					child = cr.children[i]
				}
			}
			rest = rest[1:]
		}
		out, isAttr := rest[0].(hcl.TraverseAttr)
		if child == nil || !isAttr {
			return nil, nil, false
		}
		oc := child.cfg.outputs[out.Name]
		if oc == nil {
			return nil, nil, false
		}
		child.nest++
		defer func() { child.nest-- }()
		return child.jsonDoc(oc.expr, child.fullCtx(), depth+1)
	}
	return nil, nil, false
}

// templateFileDoc renders a template file of the module like templateFile,
// for its JSON document.
func (in *instance) templateFileDoc(name string, vars cty.Value) (val, mirror any, ok bool) {
	ev := in.ev
	b, err := ev.readFile(name)
	if err != nil || checkNesting(b, name, false, lexTemplate) != nil {
		return nil, nil, false
	}
	expr, diags := hclsyntax.ParseTemplate(b, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil, false
	}
	prepareExpr(expr, false)
	m := make(map[string]cty.Value, vars.LengthInt())
	for it := vars.ElementIterator(); it.Next(); {
		k, v := it.Element()
		m[k.AsString()] = v
	}
	// As in templateFile: the iteration guard from the parent context.
	ctx := (&hcl.EvalContext{Functions: map[string]function.Function{iterateFunc: ev.funcs[iterateFunc]}}).NewChild()
	ctx.Variables, ctx.Functions = m, ev.ld.l.funcs
	switch e := expr.(type) {
	case *hclsyntax.TemplateExpr:
		return in.templateDoc(e.Parts, ctx)
	case *hclsyntax.TemplateWrapExpr:
		return in.jsonDoc(e.Wrapped, ctx, 0)
	}
	return nil, nil, false
}

// templateDoc renders a template's parts, an unknown part as unknownMark
// (quoted where the JSON text is between values, so the document still
// parses), and decodes the text.
func (in *instance) templateDoc(parts []hclsyntax.Expression, ctx *hcl.EvalContext) (val, mirror any, ok bool) {
	// A document starts with { or [ written in the template: most unknown
	// strings ("${var.name}-logs") are not one, and are not evaluated again.
	if len(parts) == 0 {
		return nil, nil, false
	}
	if lit, isLit := parts[0].(*hclsyntax.LiteralValueExpr); !isLit || lit.Val.Type() != cty.String ||
		!strings.HasPrefix(strings.TrimLeft(lit.Val.AsString(), " \t\r\n"), "{") &&
			!strings.HasPrefix(strings.TrimLeft(lit.Val.AsString(), " \t\r\n"), "[") {
		return nil, nil, false
	}
	var text strings.Builder
	var lex jsonLexer
	unknown := false
	for _, p := range parts {
		v := in.eval(p, ctx)
		switch {
		case !v.IsKnown():
			unknown = true
			if lex.inString {
				text.WriteString(unknownMark)
			} else {
				text.WriteString(`"` + unknownMark + `"`)
			}
		case v.IsNull():
			return nil, nil, false // Terraform refuses to interpolate null
		default:
			s, err := convertValue(v, cty.String)
			if err != nil || !s.IsKnown() || s.IsNull() {
				return nil, nil, false
			}
			lex.feed(s.AsString())
			text.WriteString(s.AsString())
		}
		if text.Len() > maxStringLen {
			return nil, nil, false
		}
	}
	if !unknown {
		return nil, nil, false
	}
	src := []byte(text.String())
	if checkJSONNesting(src, "") != nil {
		return nil, nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil || dec.More() {
		return nil, nil, false
	}
	switch doc.(type) {
	case map[string]any, []any:
	default:
		return nil, nil, false
	}
	return markedValue(doc)
}

// markedValue turns decoded JSON holding unknownMark into a value and its
// mirror, the way goValue does for cty values.
func markedValue(x any) (val, mirror any, known bool) {
	switch x := x.(type) {
	case string:
		if strings.Contains(x, unknownMark) {
			return nil, nil, false
		}
		return x, nil, true
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return int(i), nil, true
		}
		if f, err := x.Float64(); err == nil {
			return f, nil, true
		}
		return x, nil, true
	case map[string]any:
		m := make(map[string]any, len(x))
		var mir map[string]any
		for k, e := range x {
			if strings.Contains(k, unknownMark) {
				return nil, nil, false // a member whose name is not known
			}
			ev, em, ok := markedValue(e)
			switch {
			case !ok:
				em = true
			case ev == nil:
				continue // null is unset
			default:
				m[k] = ev
			}
			if em != nil {
				if mir == nil {
					mir = map[string]any{}
				}
				mir[k] = em
			}
		}
		if mir == nil {
			return m, nil, true
		}
		return m, mir, true
	case []any:
		l := make([]any, len(x))
		var mir []any
		for i, e := range x {
			ev, em, ok := markedValue(e)
			if !ok {
				ev, em = nil, true
			}
			l[i] = ev
			if em != nil && mir == nil {
				mir = make([]any, len(x))
				for j := range mir {
					mir[j] = false
				}
			}
			if em != nil {
				mir[i] = em
			}
		}
		if mir == nil {
			return l, nil, true
		}
		return l, mir, true
	}
	return x, nil, true // bool, nil
}

// jsonLexer follows whether JSON text so far ends inside a string.
type jsonLexer struct {
	inString, escaped bool
}

func (l *jsonLexer) feed(s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case !l.inString:
			l.inString = c == '"'
		case l.escaped:
			l.escaped = false
		case c == '\\':
			l.escaped = true
		case c == '"':
			l.inString = false
		}
	}
}
