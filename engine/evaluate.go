package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"golang.org/x/sync/errgroup"
)

// DefaultTimeout bounds the evaluation of one target.
const DefaultTimeout = 30 * time.Second

// EvalOptions tune an Evaluator.
type EvalOptions struct {
	Data    map[string]any // policy parameters, visible to Rego as data.params
	Timeout time.Duration  // per target; DefaultTimeout when zero
	Workers int            // parallel targets; GOMAXPROCS when zero
	// Only, when set, selects the policies to compile and run; the others
	// examine nothing in this run (see Applicable).
	Only func(*Policy) bool
	// ReleaseInput drops each target's Input once it is converted for OPA,
	// for runs that judge every target once: a big target (an SBOM of
	// tens of thousands of components) is then not held twice while it is
	// judged. Judging a released target again is an error.
	ReleaseInput bool
}

// Evaluator judges targets with a compiled policy set. Queries are prepared
// once per kind; Evaluate is safe for concurrent use.
type Evaluator struct {
	ps    *PolicySet
	opts  EvalOptions
	kinds map[Kind]*kindPlan
}

// kindPlan is how one kind's policies are judged: in groups compiled side
// by side, their results put back in the policies' order.
type kindPlan struct {
	policies []*Policy // in id order, the order of results
	groups   []*kindQuery
}

// kindQuery evaluates a group of policies of one kind in a single pass,
// binding the deny set of each policy under its id.
type kindQuery struct {
	policies []*Policy
	pos      []int // each policy's index in its kindPlan
	all      rego.PreparedEvalQuery
	mu       sync.Mutex
	single   map[string]rego.PreparedEvalQuery // per policy, prepared on first error
	prepare  func(ctx context.Context, p *Policy) (rego.PreparedEvalQuery, error)
}

// NewEvaluator compiles the selected policies and prepares their queries.
// Compilation is the larger part of a short run's time, and OPA's compiler
// is single-threaded, so each kind's policies are cut into groups compiled
// side by side, one per core (PolicySet.groups).
func NewEvaluator(ctx context.Context, ps *PolicySet, opts EvalOptions) (*Evaluator, error) {
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	data := map[string]any{}
	if opts.Data != nil {
		data["params"] = opts.Data
	}
	store := inmem.NewFromObject(data)
	e := &Evaluator{ps: ps, opts: opts, kinds: map[Kind]*kindPlan{}}
	byKind := map[Kind][]*Policy{}
	var kinds []Kind
	for _, p := range ps.Policies {
		if opts.Only == nil || opts.Only(p) {
			if byKind[p.Kind] == nil {
				kinds = append(kinds, p.Kind)
			}
			byKind[p.Kind] = append(byKind[p.Kind], p)
		}
	}
	n := 0
	for _, k := range kinds {
		n += len(byKind[k])
	}
	slog.Debug("compiling policies", "policies", n, "of", len(ps.Policies))
	// Parse every group's files in one batch, spread over the cores, before
	// the groups compile: they share the helpers.
	ps.Parse(opts.Only)
	type job struct {
		kind Kind
		pols []*Policy
		kq   *kindQuery
	}
	var jobs []*job
	for _, kind := range kinds {
		e.kinds[kind] = &kindPlan{policies: byKind[kind]}
		for _, g := range ps.groups(byKind[kind], runtime.GOMAXPROCS(0)) {
			jobs = append(jobs, &job{kind: kind, pols: g})
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, j := range jobs {
		g.Go(func() error {
			kq, err := prepareGroup(gctx, ps, store, j.pols)
			if err != nil {
				return fmt.Errorf("prepare %s policies: %w", j.kind, err)
			}
			j.kq = kq
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, j := range jobs {
		plan := e.kinds[j.kind]
		for _, p := range j.kq.policies {
			j.kq.pos = append(j.kq.pos, slices.Index(plan.policies, p))
		}
		plan.groups = append(plan.groups, j.kq)
	}
	return e, nil
}

// prepareGroup compiles one group of policies (with the helpers they use)
// and prepares its query.
func prepareGroup(ctx context.Context, ps *PolicySet, store storage.Store, pols []*Policy) (*kindQuery, error) {
	in := make(map[string]bool, len(pols))
	for _, p := range pols {
		in[p.ID] = true
	}
	compiler, err := ps.Compile(func(p *Policy) bool { return in[p.ID] })
	if err != nil {
		return nil, err
	}
	prep := func(ctx context.Context, query string) (rego.PreparedEvalQuery, error) {
		return rego.New(
			rego.Query(query),
			rego.Compiler(compiler),
			rego.Store(store),
			rego.StrictBuiltinErrors(true),
		).PrepareForEval(ctx)
	}
	terms := make([]string, len(pols))
	for i, p := range pols {
		terms[i] = strconv.Quote(p.ID) + ": " + p.Package + ".deny"
	}
	pq, err := prep(ctx, "x = {"+strings.Join(terms, ", ")+"}")
	if err != nil {
		return nil, err
	}
	return &kindQuery{
		policies: pols,
		all:      pq,
		single:   map[string]rego.PreparedEvalQuery{},
		prepare: func(ctx context.Context, p *Policy) (rego.PreparedEvalQuery, error) {
			return prep(ctx, "x = "+p.Package+".deny")
		},
	}, nil
}

// Applicable selects the policies that can examine something in targets:
// their kind is present and so is one of their resource types (or they judge
// whole targets). The others would give no result, so they need not be
// compiled.
func Applicable(targets []*Target) func(*Policy) bool {
	kinds := map[Kind]bool{}
	types := map[string]bool{}
	for _, t := range targets {
		kinds[t.Kind] = true
		for _, r := range t.Resources {
			types[string(t.Kind)+"\x00"+r.Type] = true
		}
	}
	return func(p *Policy) bool {
		if !kinds[p.Kind] {
			return false
		}
		if len(p.ResourceTypes) == 0 {
			return true
		}
		for _, typ := range p.ResourceTypes {
			if types[string(p.Kind)+"\x00"+typ] {
				return true
			}
		}
		return false
	}
}

// Evaluate judges every target in parallel and returns the results in
// target order, then policy id, then resource order.
func (e *Evaluator) Evaluate(ctx context.Context, targets []*Target) []Result {
	out := make([][]Result, len(targets))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(e.opts.Workers)
	for i, t := range targets {
		g.Go(func() error {
			out[i] = e.EvaluateTarget(gctx, t)
			return nil
		})
	}
	_ = g.Wait()
	if len(out) == 1 {
		return out[0]
	}
	var n int
	for _, rs := range out {
		n += len(rs)
	}
	all := make([]Result, 0, n)
	for _, rs := range out {
		all = append(all, rs...)
	}
	return all
}

// InputPolicyID is the pseudo-policy a target whose input document could
// not be converted fails: no policy judged it.
const InputPolicyID = "PAVED-INPUT"

// inputRef is what an input that cannot be judged fails.
var inputRef = PolicyRef{ID: InputPolicyID, Title: "Input document could not be converted", Severity: SeverityCritical, Enforcement: "deny"}

// EvaluateTarget judges one target with every policy of its kind. A policy
// that fails to evaluate yields an error result for the target; the other
// policies still give their verdicts.
func (e *Evaluator) EvaluateTarget(ctx context.Context, t *Target) []Result {
	plan := e.kinds[t.Kind]
	if plan == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
	defer cancel()
	if t.released {
		return []Result{ErrorResult(t, inputRef, errors.New("the target's input was released by an earlier evaluation"))}
	}
	input, err := inputValue(t.Input, e.opts.Workers, e.opts.ReleaseInput)
	if e.opts.ReleaseInput {
		t.Input, t.released = nil, true
	}
	if err != nil {
		return []Result{ErrorResult(t, inputRef, err)}
	}
	idx := indexResources(t)
	// One slice sized for every result, each policy filling its own part
	// in policy order whatever group judges it: a big target (an SBOM of
	// 50,000 components) has hundreds of thousands, and growing slices by
	// appends copied them over and over.
	sizes := make([]int, len(plan.policies))
	n := 0
	for i, p := range plan.policies {
		for _, typ := range p.ResourceTypes {
			sizes[i] += len(idx.byType[typ])
		}
		if len(p.ResourceTypes) == 0 {
			sizes[i] = 1
		}
		n += sizes[i]
	}
	all := make([]Result, n)
	regions := make([][]Result, len(plan.policies))
	off := 0
	for i, size := range sizes {
		regions[i] = all[off : off : off+size]
		off += size
	}
	parts := make([][]Result, len(plan.policies))
	var wg sync.WaitGroup
	for i, kq := range plan.groups {
		if len(plan.groups) == 1 {
			kq.evaluate(ctx, t, idx, input, regions, parts)
			break
		}
		// Groups side by side: one target may be all a run has.
		wg.Add(1)
		go func() {
			defer wg.Done()
			plan.groups[i].evaluate(ctx, t, idx, input, regions, parts)
		}()
	}
	wg.Wait()
	exact := true
	for i, p := range parts {
		exact = exact && len(p) == sizes[i] && (len(p) == 0 || &p[0] == &regions[i][:1][0])
	}
	if exact {
		return all
	}
	// A part outgrew its estimate (denials of resources the loader did not
	// list, error results): gather the parts.
	var results []Result
	for _, p := range parts {
		results = append(results, p...)
	}
	return results
}

// evaluate judges a target with one group, in one pass when it can: each
// policy's results are appended to its region (by its place in the kind's
// plan) and stored in parts.
func (kq *kindQuery) evaluate(ctx context.Context, t *Target, idx resourceIndex, input ast.Value, regions, parts [][]Result) {
	if x, err := evalOne(ctx, kq.all, input); err == nil {
		if obj, ok := x.Value.(ast.Object); ok {
			for i, p := range kq.policies {
				k := kq.pos[i]
				parts[k] = judge(regions[k], t, idx, p, obj.Get(ast.InternedTerm(p.ID)))
			}
			return
		}
	}
	// Find which policies fail so one broken policy does not hide the rest.
	for i, p := range kq.policies {
		k := kq.pos[i]
		pq, perr := kq.preparedSingle(ctx, p)
		var d *ast.Term
		if perr == nil {
			d, perr = evalOne(ctx, pq, input)
		}
		if perr != nil {
			parts[k] = append(regions[k], ErrorResult(t, p.Ref(), perr))
			continue
		}
		parts[k] = judge(regions[k], t, idx, p, d)
	}
}

func (kq *kindQuery) preparedSingle(ctx context.Context, p *Policy) (rego.PreparedEvalQuery, error) {
	kq.mu.Lock()
	defer kq.mu.Unlock()
	if pq, ok := kq.single[p.ID]; ok {
		return pq, nil
	}
	pq, err := kq.prepare(ctx, p)
	if err != nil {
		return pq, err
	}
	kq.single[p.ID] = pq
	return pq, nil
}

// rawTerm keeps a query's bindings as OPA terms: a policy's denials are
// read straight from them, not converted to Go values first (a
// 50,000-component SBOM has tens of thousands of denials).
var rawTerm = rego.EvalGenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil })

// evalOne runs a prepared query binding x and returns x: an object of deny
// sets by policy id for a group's query, one deny set for a single policy's.
func evalOne(ctx context.Context, pq rego.PreparedEvalQuery, input ast.Value) (*ast.Term, error) {
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input), rawTerm)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			return nil, fmt.Errorf("evaluation timed out: %w", err)
		}
		return nil, err
	}
	if len(rs) == 0 {
		return nil, errors.New("policy query is undefined")
	}
	x, ok := rs[0].Bindings["x"].(*ast.Term)
	if !ok {
		return nil, fmt.Errorf("policy query gave %T", rs[0].Bindings["x"])
	}
	return x, nil
}

// resourceIndex finds a target's resources by address and by type, and
// holds the reference its results share.
type resourceIndex struct {
	target *TargetRef
	byAddr map[string]*Resource
	byType map[string][]*Resource
	pos    map[*Resource]int
}

func indexResources(t *Target) resourceIndex {
	idx := resourceIndex{target: targetRef(t), byAddr: make(map[string]*Resource, len(t.Resources)), byType: map[string][]*Resource{}, pos: make(map[*Resource]int, len(t.Resources))}
	for i := range t.Resources {
		r := &t.Resources[i]
		idx.byAddr[r.Address] = r
		idx.pos[r] = i
		idx.byType[r.Type] = append(idx.byType[r.Type], r)
	}
	return idx
}

// judge turns one policy's denials on one target into per-resource results,
// appended to dst: a result for every examined resource, pass when nothing
// denied it.
func judge(dst []Result, t *Target, idx resourceIndex, p *Policy, denials *ast.Term) []Result {
	var list []*ast.Term
	if denials != nil {
		switch d := denials.Value.(type) {
		case ast.Set:
			list = d.Slice()
		case *ast.Array:
			list = make([]*ast.Term, d.Len())
			for i := range list {
				list[i] = d.Elem(i)
			}
		}
	}
	failed := make(map[string]*Result, len(list))
	var order []string
	ref := p.Ref() // one copy, shared by the policy's results on t
	tref := idx.target
	status := StatusFail
	if p.Enforcement == "warn" {
		status = StatusWarn
	}
	self := t.self()
	for _, d := range list {
		msg, resource, loc, advisory := decodeDenial(d)
		if resource == "" || resource == t.ID {
			resource = self
		}
		if loc == nil {
			if r, ok := idx.byAddr[resource]; ok && r.File != "" {
				loc = &Location{File: r.File, Line: r.Line}
			}
		}
		st := status
		if advisory {
			st = StatusWarn
		}
		if prev, ok := failed[resource]; ok {
			if msg != "" && !strings.Contains(prev.Message, msg) {
				prev.Message += "; " + msg
			}
			if st == StatusFail {
				prev.Status = StatusFail // one blocking denial makes the result block
			}
			continue
		}
		res := newResult(tref, &ref, resource, st)
		res.Message, res.Location = msg, loc
		failed[resource] = &res
		order = append(order, resource)
	}
	if len(p.ResourceTypes) == 0 {
		if f, ok := failed[self]; ok {
			dst = append(dst, *f)
			delete(failed, self)
		} else {
			dst = append(dst, newResult(tref, &ref, self, StatusPass))
		}
	}
	// Passes at one file share their location.
	locs := map[string]*Location{}
	for _, r := range examined(t, idx, p.ResourceTypes) {
		if f, ok := failed[r.Address]; ok {
			dst = append(dst, *f)
			delete(failed, r.Address)
			continue
		}
		res := newResult(tref, &ref, r.Address, StatusPass)
		if r.File != "" {
			if r.Line != 0 {
				res.Location = &Location{File: r.File, Line: r.Line}
			} else {
				if locs[r.File] == nil {
					locs[r.File] = &Location{File: r.File}
				}
				res.Location = locs[r.File]
			}
		}
		dst = append(dst, res)
	}
	// Denials on resources the loader did not list still count.
	for _, addr := range order {
		if f, ok := failed[addr]; ok {
			dst = append(dst, *f)
		}
	}
	return dst
}

// examined lists the resources of the given types in the loader's order.
func examined(t *Target, idx resourceIndex, types []string) []*Resource {
	if len(types) == 1 {
		return idx.byType[types[0]]
	}
	var pos []int
	for _, typ := range types {
		for _, r := range idx.byType[typ] {
			pos = append(pos, idx.pos[r])
		}
	}
	slices.Sort(pos)
	out := make([]*Resource, len(pos))
	for i, p := range pos {
		out[i] = &t.Resources[p]
	}
	return out
}

// Ref is what a target's results say of it.
func (t *Target) Ref() TargetRef {
	return TargetRef{Kind: t.Kind, ID: t.ID, Repo: t.Identity.Repo, Path: t.Identity.Path, Digest: t.Digest, Owner: t.Owner}
}

func targetRef(t *Target) *TargetRef {
	ref := t.Ref()
	return &ref
}

func newResult(tref *TargetRef, ref *PolicyRef, resource string, status Status) Result {
	return Result{
		Status:      status,
		Policy:      ref,
		Target:      tref,
		Resource:    resource,
		Fingerprint: Fingerprint(ref.ID, tref.Identity(), resource),
	}
}

// LoadPolicy is the pseudo-policy that input paved could not load fails.
var LoadPolicy = PolicyRef{
	ID: "PAVED-LOAD", Title: "Input could not be loaded", Severity: SeverityCritical, Enforcement: "deny",
	Remediation: "Fix the reported syntax or read error; paved never passes input it could not read.",
}

// ErrorResult records that a target (or one policy on it) could not be
// judged; it always blocks, so paved fails closed.
func ErrorResult(t *Target, ref PolicyRef, err error) Result {
	r := newResult(targetRef(t), &ref, t.self(), StatusError)
	r.Message = err.Error()
	return r
}

// decodeDenial reads a deny element: an object with msg, resource and
// location, or a bare string message.
func decodeDenial(d *ast.Term) (msg, resource string, loc *Location, advisory bool) {
	switch v := d.Value.(type) {
	case ast.String:
		return string(v), "", nil, false
	case ast.Object:
		msg = stringAt(v, "msg")
		resource = stringAt(v, "resource")
		if b, ok := valueAt(v, "advisory").(ast.Boolean); ok {
			advisory = bool(b)
		}
		if l, ok := valueAt(v, "location").(ast.Object); ok {
			if file := stringAt(l, "file"); file != "" {
				loc = &Location{File: file}
				if n, ok := valueAt(l, "line").(ast.Number); ok {
					if i, ok := n.Int(); ok {
						loc.Line = i
					}
				}
			}
		}
		if msg == "" {
			msg = v.String()
		}
		return msg, resource, loc, advisory
	}
	return d.String(), "", nil, false
}

// valueAt is obj[key], or nil.
func valueAt(obj ast.Object, key string) ast.Value {
	if t := obj.Get(ast.InternedTerm(key)); t != nil {
		return t.Value
	}
	return nil
}

// stringAt is obj[key] when it is a string, else "".
func stringAt(obj ast.Object, key string) string {
	s, _ := valueAt(obj, key).(ast.String)
	return string(s)
}
