package terraform

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/paved-dev/paved/engine"
)

// moduleTarget evaluates the root module in dir into a target. It returns
// no target when the module, or a module it calls, has an error: a
// half-read configuration would pass policies it should fail.
func (ld *load) moduleTarget(dir, id, display string) (t *engine.Target, diags hcl.Diagnostics) {
	ev := &evaluation{ld: ld, ctx: ld.ctx, rootDir: dir}
	defer func() {
		if r := recover(); r != nil {
			t = nil
			diags = append(diags, fileDiag(dir, fmt.Sprintf("internal error evaluating the module: %v", r)))
		}
	}()
	ev.funcs = ev.functions(ld.l.funcs)
	cfg := ld.module(dir)
	ev.useModule(cfg)
	ev.reportRefs(cfg, "")
	root := ev.newInstance(cfg, "", nil)
	root.vars = ev.rootVars(cfg)
	root.run()
	if ld.ctx.Err() != nil {
		return nil, nil // loadFS reports the cancellation
	}
	diags = append(diags, ev.diags...)
	for _, m := range ev.modules {
		diags = append(diags, m.diags...)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	input, resources := ev.document(root, id)
	return &engine.Target{Kind: Kind, ID: id, Path: display, Digest: ev.digest(),
		Input: input, Resources: resources}, diags
}

// reportRefs reports the reference problems of a module used at addr:
// errors fail the target, warnings are logged.
func (ev *evaluation) reportRefs(cfg *moduleConfig, addr string) {
	for _, p := range cfg.refProblems {
		d := p.diagnostic(moduleDisplay(addr))
		if p.warn {
			ev.ld.warn(d)
		} else {
			ev.diags = append(ev.diags, d)
		}
	}
}

func (ev *evaluation) useModule(cfg *moduleConfig) {
	if !slices.Contains(ev.modules, cfg) {
		ev.modules = append(ev.modules, cfg)
	}
}

// rootVars are the root module's variables: defaults, then terraform.tfvars,
// *.auto.tfvars, Options.VarFiles and Options.Vars, each overriding the
// previous. A variable left without a value is unknown.
func (ev *evaluation) rootVars(cfg *moduleConfig) cty.Value {
	vals := make(map[string]cty.Value, len(cfg.variables))
	decl := make(map[string]*variableConfig, len(cfg.variables))
	for _, v := range cfg.variables {
		decl[v.name] = v
		if v.hasDefault {
			vals[v.name] = v.def
		} else {
			vals[v.name] = cty.UnknownVal(v.typ)
		}
	}
	set := func(as []assignment) {
		for _, a := range as {
			if v := decl[a.name]; v != nil {
				vals[a.name] = v.convert(a.val)
			}
		}
	}
	for _, f := range cfg.tfvars {
		as, diags := parseAssignments(f.content, f.path)
		ev.diags = append(ev.diags, diags...)
		set(as)
	}
	set(ev.ld.varFiles)
	set(ev.ld.vars)
	return cty.ObjectVal(vals)
}

// document assembles the input document (docs/terraform-input.md) and the
// resources policies examine, walking module instances depth first.
func (ev *evaluation) document(root *instance, id string) (map[string]any, []engine.Resource) {
	resources, data := map[string]any{}, map[string]any{}
	calls, tfBlocks, providers := []any{}, []any{}, []any{}
	var res []engine.Resource
	var walk func(in *instance)
	walk = func(in *instance) {
		tr := engine.Resource{Type: "terraform", Address: joinAddr(in.addr, "terraform")}
		switch {
		case len(in.cfg.terraform) > 0:
			tr.File, tr.Line = ev.ld.rel(in.cfg.terraform[0].file), in.cfg.terraform[0].line
		case len(in.cfg.files) > 0:
			tr.File = ev.ld.rel(in.cfg.files[0].path)
		}
		res = append(res, tr)
		for _, r := range in.resources {
			group := resources
			if r["mode"] == "data" {
				group = data
			}
			typ := r["type"].(string)
			l, _ := group[typ].([]any)
			group[typ] = append(l, r)
			res = append(res, engine.Resource{Type: typ, Address: r["address"].(string), File: r["file"].(string), Line: r["line"].(int)})
		}
		tfBlocks = append(tfBlocks, in.tfBlocks...)
		providers = append(providers, in.providers...)
		for _, c := range in.cfg.calls {
			cr := in.calls[c.name]
			file := ev.ld.rel(c.file)
			calls = append(calls, map[string]any{
				"address": cr.address, "name": c.name, "source": c.source, "version": c.version,
				"kind": c.kind, "resolved": cr.resolved, "file": file, "line": c.line,
			})
			res = append(res, engine.Resource{Type: "module", Address: cr.address, File: file, Line: c.line})
			for _, ch := range cr.children {
				walk(ch)
			}
		}
	}
	walk(root)
	return map[string]any{
		"kind": "terraform", "source": "hcl", "path": id,
		"resources": resources, "data": data, "module_calls": calls,
		"terraform_blocks": tfBlocks, "providers": providers,
	}, res
}

type digestPart struct {
	name string
	data []byte
}

// digest covers what the target was read from: the files of every module
// it uses, the root's variable files, files read by file functions, and
// what Options added.
func (ev *evaluation) digest() string {
	var parts []digestPart
	for i, m := range ev.modules {
		for _, f := range m.files {
			parts = append(parts, digestPart{ev.ld.rel(f.path), f.content})
		}
		if i == 0 {
			for _, f := range m.tfvars {
				parts = append(parts, digestPart{ev.ld.rel(f.path), f.content})
			}
		}
	}
	for p, b := range ev.reads {
		parts = append(parts, digestPart{ev.ld.rel(p), b})
	}
	slices.SortFunc(parts, func(a, b digestPart) int { return strings.Compare(a.name, b.name) })
	parts = append(parts, ev.ld.extra...)
	return digestOf(parts)
}

func digestOf(parts []digestPart) string {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		h.Write([]byte(p.name))
		h.Write([]byte{0})
		binary.BigEndian.PutUint64(n[:], uint64(len(p.data)))
		h.Write(n[:])
		h.Write(p.data)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// templateFile renders a template file of the module with vars. Templates
// cannot call templatefile themselves, as in Terraform.
func (ev *evaluation) templateFile(name string, vars cty.Value, pure map[string]function.Function) (cty.Value, error) {
	b, err := ev.readFile(name)
	if errors.Is(err, errOutside) {
		return cty.DynamicVal, nil
	}
	if err != nil {
		return cty.NilVal, err
	}
	if d := checkNesting(b, name, false, lexTemplate); d != nil {
		return cty.NilVal, errors.New(d.Detail)
	}
	expr, diags := hclsyntax.ParseTemplate(b, name, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	prepareExpr(expr, false) // a call to a function Terraform lacks fails when evaluated
	if !vars.IsKnown() {
		return cty.DynamicVal, nil
	}
	ty := vars.Type()
	if !(ty.IsMapType() || ty.IsObjectType()) {
		return cty.NilVal, errors.New("vars must be a map or object")
	}
	m := make(map[string]cty.Value, vars.LengthInt())
	for it := vars.ElementIterator(); it.Next(); {
		k, v := it.Element()
		m[k.AsString()] = v
	}
	// The iteration guard is found in a parent context: pure has no state.
	ctx := (&hcl.EvalContext{Functions: map[string]function.Function{iterateFunc: ev.funcs[iterateFunc]}}).NewChild()
	ctx.Variables, ctx.Functions = m, pure
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return v, nil
}
