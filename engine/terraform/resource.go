package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// evalResource expands a resource block into one document per instance.
func (in *instance) evalResource(rc *resourceConfig) {
	base := in.fullCtx()
	rng := hcl.Range{Filename: rc.file, Start: hcl.Pos{Line: rc.line, Column: 1}, End: hcl.Pos{Line: rc.line, Column: 1}}
	keys, mode := in.expand(rc.count, rc.forEach, base, rng)
	prefix := ""
	if in.addr != "" {
		prefix = in.addr + "."
	}
	if rc.mode == "data" {
		prefix += "data."
	}
	baseAddr := prefix + rc.typ + "." + rc.name
	for _, k := range keys {
		ctx := base
		if k.extra != nil {
			ctx = base.NewChild()
			ctx.Variables = k.extra
		}
		vals, unk := in.evalBody(rc.body, ctx, true, 0)
		lines := make(map[string]any, len(rc.body.attrs)+len(rc.body.blocks))
		for _, a := range rc.body.attrs {
			lines[a.name] = a.line
		}
		for _, b := range rc.body.blocks {
			if _, ok := lines[blockName(b)]; !ok {
				lines[blockName(b)] = b.line
			}
		}
		in.resources = append(in.resources, map[string]any{
			"address":           baseAddr + keySuffix(k.key),
			"base_address":      baseAddr,
			"module":            in.addr,
			"mode":              rc.mode,
			"type":              rc.typ,
			"name":              rc.name,
			"index":             k.key,
			"file":              in.ev.ld.rel(rc.file),
			"line":              rc.line,
			"values":            vals,
			"unknown":           unk,
			"references":        in.resourceRefs(rc, ctx),
			"lines":             lines,
			"unknown_instances": mode == expandUnknown || in.unknownInstances,
		})
	}
}

// evalBody evaluates a body into its values and unknown mirror (see the
// contract). Nested blocks, static or dynamic, become lists of objects
// grouped by type.
func (in *instance) evalBody(b *body, ctx *hcl.EvalContext, top bool, depth int) (vals, unk map[string]any) {
	vals = make(map[string]any, len(b.attrs)+len(b.blocks))
	unk = map[string]any{}
	for _, a := range b.attrs {
		if top && metaArgs[a.name] {
			continue
		}
		v := in.eval(a.expr, ctx)
		if !v.IsKnown() && (v.Type() == cty.String || v.Type() == cty.DynamicPseudoType) {
			if doc, mirror, ok := in.documentOf(a.expr, ctx); ok {
				vals[a.name], unk[a.name] = doc, mirror
				continue
			}
		}
		setValue(vals, unk, a.name, v)
	}
	if len(b.blocks) == 0 || depth >= maxBlockNesting {
		return vals, unk
	}
	type group struct {
		objs, mirrors  []any
		partial, whole bool
	}
	groups := map[string]*group{}
	var order []string
	for _, blk := range b.blocks {
		name := blockName(blk)
		if top && metaArgs[name] {
			continue
		}
		g := groups[name]
		if g == nil {
			g = &group{objs: []any{}}
			groups[name] = g
			order = append(order, name)
		}
		if blk.typ != "dynamic" {
			o, u := in.evalBody(blk.body, ctx, false, depth+1)
			g.objs = append(g.objs, o)
			g.mirrors = append(g.mirrors, u)
			g.partial = g.partial || len(u) > 0
			continue
		}
		if !in.dynamic(blk, ctx, depth, func(o, u map[string]any) {
			g.objs = append(g.objs, o)
			g.mirrors = append(g.mirrors, u)
			g.partial = g.partial || len(u) > 0
		}) {
			g.whole = true
		}
	}
	for _, name := range order {
		g := groups[name]
		switch {
		case g.whole:
			unk[name] = true
		case g.partial:
			vals[name] = g.objs
			unk[name] = g.mirrors
		default:
			vals[name] = g.objs
		}
	}
	return vals, unk
}

// dynamic expands a dynamic block, calling emit for each generated block.
// It returns false when its for_each is unknown: the blocks are unknown.
func (in *instance) dynamic(blk *block, ctx *hcl.EvalContext, depth int, emit func(o, u map[string]any)) bool {
	fe := blk.body.attr("for_each")
	var content *block
	for _, nb := range blk.body.blocks {
		if nb.typ == "content" {
			content = nb
		}
	}
	if fe == nil || content == nil || len(blk.labels) == 0 {
		return true // invalid; Terraform rejects it, nothing is generated
	}
	iter := blk.labels[0]
	if a := blk.body.attr("iterator"); a != nil {
		if kw := hcl.ExprAsKeyword(a.expr); kw != "" {
			iter = kw
		}
	}
	v := in.eval(fe.expr, ctx)
	if !v.IsKnown() {
		return false
	}
	if v.IsNull() {
		return true
	}
	ty := v.Type()
	if !(ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType()) {
		return false
	}
	if (ty.IsSetType() && !v.IsWhollyKnown()) ||
		!in.ev.spend(v.LengthInt(), hcl.Range{Filename: blk.file, Start: hcl.Pos{Line: blk.line, Column: 1}, End: hcl.Pos{Line: blk.line, Column: 1}}) {
		return false
	}
	for it := v.ElementIterator(); it.Next(); {
		k, ev := it.Element()
		if ty.IsSetType() {
			k = ev
		}
		child := ctx.NewChild()
		child.Variables = map[string]cty.Value{iter: cty.ObjectVal(map[string]cty.Value{"key": k, "value": ev})}
		o, u := in.evalBody(content.body, child, false, depth+1)
		emit(o, u)
	}
	return true
}

// setValue stores an attribute's value, or marks it unknown. A null
// attribute is unset, as in Terraform, and is left out.
func setValue(vals, unk map[string]any, name string, v cty.Value) {
	gv, mirror, known := goValue(v, 0)
	switch {
	case !known:
		unk[name] = true
	case gv == nil:
	default:
		vals[name] = gv
		if mirror != nil {
			unk[name] = mirror
		}
	}
}

// terraformDoc describes a terraform block (docs/terraform-input.md).
func (in *instance) terraformDoc(b *block) map[string]any {
	doc := map[string]any{
		"module": in.addr, "file": in.ev.ld.rel(b.file), "line": b.line,
		"required_version": "", "required_providers": map[string]any{}, "backend": nil,
	}
	if a := b.body.attr("required_version"); a != nil {
		doc["required_version"] = staticString(a.expr)
	}
	rp := doc["required_providers"].(map[string]any)
	for _, nb := range b.body.blocks {
		switch nb.typ {
		case "required_providers":
			for _, a := range nb.body.attrs {
				rp[a.name] = providerRequirement(a.expr)
			}
		case "backend", "cloud":
			typ := "cloud"
			if nb.typ == "backend" {
				if len(nb.labels) == 0 {
					continue
				}
				typ = nb.labels[0]
			}
			vals, _ := in.evalBody(nb.body, in.scopeCtx(bodyNeeds(nb.body), nil), false, 0)
			doc["backend"] = map[string]any{"type": typ, "config": vals, "line": nb.line}
		}
	}
	return doc
}

// providerRequirement reads `aws = "~> 5.0"` (the legacy form, a version
// only) or `aws = { source = …, version = … }`.
func providerRequirement(e hcl.Expression) map[string]any {
	req := map[string]any{"source": "", "version": ""}
	if s := staticString(e); s != "" {
		req["version"] = s
		return req
	}
	pairs, diags := hcl.ExprMap(e)
	if diags.HasErrors() {
		return req
	}
	for _, p := range pairs {
		key := hcl.ExprAsKeyword(p.Key)
		if key == "" {
			key = staticString(p.Key)
		}
		if key == "source" || key == "version" {
			req[key] = staticString(p.Value)
		}
	}
	return req
}

// providerDoc describes a provider block with its evaluated configuration.
func (in *instance) providerDoc(b *block) map[string]any {
	alias := ""
	if a := b.body.attr("alias"); a != nil {
		alias = staticString(a.expr)
	}
	vals, _ := in.evalBody(b.body, in.scopeCtx(bodyNeeds(b.body), nil), false, 0)
	return map[string]any{"name": b.labels[0], "alias": alias, "module": in.addr,
		"file": in.ev.ld.rel(b.file), "line": b.line, "config": vals}
}
