package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

const bucketPolicy = `# METADATA
# title: Buckets are versioned
# description: test policy
# custom:
#   id: T-001
#   severity: high
#   kind: terraform
#   resource_types: [bucket]
#   controls: [X-1]
#   remediation: version it
package t.versioned

deny contains {"msg": "not versioned", "resource": r.address} if {
	some r in input.resources
	not r.versioned
}
`

const warnPolicy = `# METADATA
# title: Target has a name
# description: test policy
# custom:
#   id: T-002
#   severity: low
#   kind: terraform
#   enforcement: warn
package t.named

deny contains "no name" if not input.name
`

const brokenPolicy = `# METADATA
# title: Broken at runtime
# description: test policy
# custom:
#   id: T-003
#   severity: medium
#   kind: terraform
#   resource_types: [bucket]
package t.broken

deny contains "x" if to_number(input.bad) > 1
`

func testTarget() *Target {
	return &Target{
		Kind: "terraform", ID: "mod", Digest: "sha256:00",
		Input: map[string]any{"resources": []any{
			map[string]any{"address": "b.one", "versioned": true},
			map[string]any{"address": "b.two"},
		}},
		Resources: []Resource{
			{Type: "bucket", Address: "b.one", File: "main.tf", Line: 1},
			{Type: "bucket", Address: "b.two", File: "main.tf", Line: 9},
			{Type: "other", Address: "o.x", File: "main.tf", Line: 20},
		},
	}
}

func loadTest(t *testing.T, files map[string]string) *PolicySet {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, s := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(s)}
	}
	ps, err := LoadPolicies(context.Background(), LoadOptions{}, PolicySource{Name: "test", FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestEvaluatePerResource(t *testing.T) {
	ps := loadTest(t, map[string]string{"a.rego": bucketPolicy, "b.rego": warnPolicy})
	ev, err := NewEvaluator(context.Background(), ps, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := ev.Evaluate(context.Background(), []*Target{testTarget()})
	want := []struct {
		policy, resource string
		status           Status
		line             int
	}{
		{"T-001", "b.one", StatusPass, 1},
		{"T-001", "b.two", StatusFail, 9},
		{"T-002", "mod", StatusWarn, 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d results, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Policy.ID != w.policy || g.Resource != w.resource || g.Status != w.status {
			t.Errorf("result %d = %s %s %s, want %s %s %s", i, g.Policy.ID, g.Resource, g.Status, w.policy, w.resource, w.status)
		}
		if w.line > 0 && (g.Location == nil || g.Location.Line != w.line) {
			t.Errorf("result %d location = %+v, want line %d", i, g.Location, w.line)
		}
		if g.Fingerprint != Fingerprint(w.policy, Identity{}, w.resource) {
			t.Errorf("result %d fingerprint unstable", i)
		}
	}
	if !got[1].Blocking("high") || got[1].Blocking("critical") {
		t.Error("high failure must block at fail-on high and not at critical")
	}
	if got[2].Blocking("low") {
		t.Error("warn never blocks")
	}
}

func TestEvaluateBrokenPolicyIsolated(t *testing.T) {
	ps := loadTest(t, map[string]string{"a.rego": bucketPolicy, "c.rego": brokenPolicy})
	ev, err := NewEvaluator(context.Background(), ps, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tg := testTarget()
	tg.Input["bad"] = "not a number"
	got := ev.Evaluate(context.Background(), []*Target{tg})
	var errs, fails int
	for _, r := range got {
		switch r.Status {
		case StatusError:
			errs++
			if r.Policy.ID != "T-003" || !strings.Contains(r.Message, "to_number") {
				t.Errorf("error result = %+v", r)
			}
		case StatusFail:
			fails++
		}
	}
	if errs != 1 || fails != 1 {
		t.Fatalf("errors=%d fails=%d, want 1 and 1: %+v", errs, fails, got)
	}
}

func TestEvaluateTimeout(t *testing.T) {
	slow := strings.Replace(bucketPolicy, "not r.versioned", "not r.versioned\n\tcount([x | some x in numbers.range(1, 100000000)]) > 0", 1)
	ps := loadTest(t, map[string]string{"a.rego": slow})
	ev, err := NewEvaluator(context.Background(), ps, EvalOptions{Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	got := ev.Evaluate(context.Background(), []*Target{testTarget()})
	if len(got) != 1 || got[0].Status != StatusError || !strings.Contains(got[0].Message, "timed out") {
		t.Fatalf("want one timeout error, got %+v", got)
	}
}

func TestLoadPoliciesDiagnostics(t *testing.T) {
	fsys := fstest.MapFS{
		"bad.rego":  {Data: []byte("package x\n\ndeny contains msg if {\n  msg := \n}\n")},
		"meta.rego": {Data: []byte(strings.Replace(bucketPolicy, "severity: high", "severity: huge", 1))},
		"dup.rego":  {Data: []byte(strings.Replace(bucketPolicy, "package t.versioned", "package t.other", 1))},
	}
	_, err := LoadPolicies(context.Background(), LoadOptions{}, PolicySource{Name: "p", FS: fsys})
	if err == nil {
		t.Fatal("want errors")
	}
	msg := err.Error()
	for _, want := range []string{"p/bad.rego:5", `custom.severity "huge"`, "p/meta.rego:1"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
}

func TestApplicableSkipsAbsentTypes(t *testing.T) {
	ps := loadTest(t, map[string]string{"a.rego": bucketPolicy, "b.rego": warnPolicy})
	tg := testTarget()
	tg.Resources = tg.Resources[2:] // no bucket left
	only := Applicable([]*Target{tg})
	got := map[string]bool{}
	for _, p := range ps.Policies {
		got[p.ID] = only(p)
	}
	if got["T-001"] || !got["T-002"] {
		t.Fatalf("applicable = %v, want T-002 (whole target) only", got)
	}
	if Applicable([]*Target{{Kind: "sbom"}})(ps.Policies[0]) {
		t.Fatal("a policy of an absent kind is not applicable")
	}
}

func TestCompileErrorsSurface(t *testing.T) {
	bad := strings.Replace(bucketPolicy, "not r.versioned", "not no_such_function(r)", 1)
	ps := loadTest(t, map[string]string{"a.rego": bad})
	_, err := NewEvaluator(context.Background(), ps, EvalOptions{Only: func(*Policy) bool { return true }})
	if err == nil || !strings.Contains(err.Error(), "a.rego:") {
		t.Fatalf("want located compile error, got %v", err)
	}
}

// Lazy sources read metadata from headers and are parsed in full when a run
// compiles them: a broken body then surfaces, located, at Compile.
func TestLazySourceParsedAtCompile(t *testing.T) {
	broken := strings.Replace(bucketPolicy, "not r.versioned", "not r.versioned +", 1)
	fsys := fstest.MapFS{"a.rego": {Data: []byte(broken)}, "b.rego": {Data: []byte(warnPolicy)}}
	ps, err := LoadPolicies(context.Background(), LoadOptions{}, PolicySource{Name: "lazy", FS: fsys, Lazy: true})
	if err != nil {
		t.Fatalf("metadata of a lazy source must load from headers: %v", err)
	}
	if len(ps.Policies) != 2 || ps.Policies[0].ResourceTypes[0] != "bucket" {
		t.Fatalf("policies = %+v", ps.Policies)
	}
	if _, err := ps.Compile(func(p *Policy) bool { return p.ID == "T-002" }); err != nil {
		t.Fatalf("the unselected broken policy must not be parsed: %v", err)
	}
	if _, err := ps.Compile(nil); err == nil || !strings.Contains(err.Error(), "lazy/a.rego:") {
		t.Fatalf("want located parse error, got %v", err)
	}
	// The same files from an eager source fail at load.
	if _, err := LoadPolicies(context.Background(), LoadOptions{}, PolicySource{Name: "eager", FS: fsys}); err == nil {
		t.Fatal("eager source with a broken policy must fail to load")
	}
}

// A subset compile includes only the helper modules its policies import,
// transitively: an unimported helper is not compiled, and its parse error
// does not count.
func TestCompileOnlyImportedHelpers(t *testing.T) {
	const helperA = "package t.lib.a\n\nimport data.t.lib.b\n\nok(r) if b.ok(r)\n"
	const helperB = "package t.lib.b\n\nok(r) if r.versioned\n"
	const unused = "package t.lib.unused\n\nx := 1\n"
	const broken = "package t.lib.broken\n\nx if {\n"
	user := strings.Replace(bucketPolicy, "package t.versioned\n", "package t.versioned\n\nimport data.t.lib.a\n", 1)
	user = strings.Replace(user, "not r.versioned", "not a.ok(r)", 1)
	fsys := fstest.MapFS{
		"a.rego": {Data: []byte(user)}, "b.rego": {Data: []byte(warnPolicy)},
		"lib/a.rego": {Data: []byte(helperA)}, "lib/b.rego": {Data: []byte(helperB)},
		"lib/unused.rego": {Data: []byte(unused)}, "lib/broken.rego": {Data: []byte(broken)},
	}
	ps, err := LoadPolicies(context.Background(), LoadOptions{}, PolicySource{Name: "lazy", FS: fsys, Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ps.Compile(func(p *Policy) bool { return p.ID == "T-002" })
	if err != nil {
		t.Fatalf("an unimported broken helper must not break a subset: %v", err)
	}
	if _, ok := c.Modules["lazy/b.rego"]; !ok || len(c.Modules) != 1 {
		t.Fatalf("want only the selected policy compiled, got %d modules", len(c.Modules))
	}
	c, err = ps.Compile(func(p *Policy) bool { return p.ID == "T-001" })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for name := range c.Modules {
		got = append(got, name)
	}
	slices.Sort(got)
	if want := []string{"lazy/a.rego", "lazy/lib/a.rego", "lazy/lib/b.rego"}; !slices.Equal(got, want) {
		t.Fatalf("modules = %v, want %v", got, want)
	}
	if _, err := ps.Compile(nil); err == nil || !strings.Contains(err.Error(), "lazy/lib/broken.rego:") {
		t.Fatalf("a full compile must parse every helper, got %v", err)
	}
}

// helperPolicies is n policies P-00…, the even ones using helper t.lib.a
// and the odd ones t.lib.b (with one, all t.lib.a), helpers big enough to
// be worth compiling once.
func helperPolicies(t *testing.T, n int, one bool) *PolicySet {
	t.Helper()
	var filler strings.Builder
	for i := range 200 {
		fmt.Fprintf(&filler, "f%d := %d\n", i, i)
	}
	files := map[string]string{
		"lib/a.rego": "package t.lib.a\n\nbad(r) if not r.versioned\n" + filler.String(),
		"lib/b.rego": "package t.lib.b\n\nbad(r) if not r.versioned\n" + filler.String(),
	}
	for i := range n {
		lib := []string{"a", "b"}[i%2]
		if one {
			lib = "a"
		}
		files[fmt.Sprintf("p%02d.rego", i)] = fmt.Sprintf(`# METADATA
# title: P
# description: test policy
# custom:
#   id: P-%02d
#   severity: high
#   kind: terraform
#   resource_types: [bucket]
package t.p%02d

import data.t.lib.%s

deny contains {"msg": "not versioned", "resource": r.address} if {
	some r in input.resources
	%s.bad(r)
}
`, i, i, lib, lib)
	}
	return loadTest(t, files)
}

// Policies that use the same helpers are compiled together, and every
// policy is in exactly one group.
func TestGroupsByHelpers(t *testing.T) {
	parity := func(p *Policy) int { return int(p.ID[len(p.ID)-1]-'0') % 2 }
	check := func(ps *PolicySet, n, want int) [][]*Policy {
		t.Helper()
		groups := ps.groups(ps.Policies, n)
		if len(groups) != want {
			t.Fatalf("groups(%d policies, %d) = %d groups, want %d", len(ps.Policies), n, len(groups), want)
		}
		seen := map[string]int{}
		for _, g := range groups {
			if len(groups) > 1 && len(g) < minGroup {
				t.Errorf("groups(%d policies, %d): a group of %d, under minGroup", len(ps.Policies), n, len(g))
			}
			for _, p := range g {
				seen[p.ID]++
			}
		}
		for _, p := range ps.Policies {
			if seen[p.ID] != 1 {
				t.Errorf("groups(%d policies, %d): %s is in %d groups", len(ps.Policies), n, p.ID, seen[p.ID])
			}
		}
		return groups
	}
	ps := helperPolicies(t, 10, false)
	check(ps, 1, 1)
	for _, n := range []int{2, 8} {
		for _, g := range check(ps, n, 2) {
			for _, p := range g {
				if parity(p) != parity(g[0]) {
					t.Errorf("groups(10, %d): %s and %s use different helpers but share a group", n, p.ID, g[0].ID)
				}
			}
		}
	}
	if g := ps.groups(ps.Policies[:3], 2); len(g) != 1 {
		t.Errorf("3 policies are one group, got %d", len(g))
	}
	// Many cores: no group under minGroup, however the costs fall.
	many := helperPolicies(t, 21, false)
	for _, g := range many.groups(many.Policies, 16) {
		if len(g) < minGroup {
			t.Errorf("groups(21, 16): a group of %d, under minGroup", len(g))
		}
	}
	// One helper for all: two halves of the same cost.
	for _, g := range check(helperPolicies(t, 10, true), 2, 2) {
		if len(g) != 5 {
			t.Errorf("policies of one helper split %d against %d", len(g), 10-len(g))
		}
	}
}

// Results come in policy order even when the groups interleave it.
func TestEvaluateOrderAcrossGroups(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	ps := helperPolicies(t, 10, false)
	ev, err := NewEvaluator(context.Background(), ps, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ev.kinds["terraform"].groups); n != 2 {
		t.Fatalf("want 2 groups, got %d", n)
	}
	rs := ev.EvaluateTarget(context.Background(), testTarget())
	var got []string
	for _, r := range rs {
		got = append(got, r.Policy.ID+" "+r.Resource+" "+string(r.Status))
	}
	var want []string
	for i := range 10 {
		want = append(want, fmt.Sprintf("P-%02d b.one pass", i), fmt.Sprintf("P-%02d b.two fail", i))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The parallel conversion of big inputs gives exactly what OPA's own does.
func TestInputValueMatchesInterfaceToValue(t *testing.T) {
	comps := make([]any, parallelInput*2+7)
	for i := range comps {
		comps[i] = map[string]any{"name": fmt.Sprintf("c%d", i), "n": i, "tags": []any{"a", true, nil, 1.5}}
	}
	in := map[string]any{"components": comps, "path": "bom.json", "small": []any{1, 2}, "meta": map[string]any{"x": "y"}}
	want, err := ast.InterfaceToValue(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 3, 8} {
		got, err := inputValue(in, workers, false)
		if err != nil {
			t.Fatal(err)
		}
		if got.Compare(want) != 0 {
			t.Fatalf("workers %d: the converted input differs from ast.InterfaceToValue's", workers)
		}
	}
	// Consumed: the same value, and the big array's elements are dropped.
	got, err := inputValue(in, 2, true)
	if err != nil || got.Compare(want) != 0 {
		t.Fatalf("consuming conversion: %v", err)
	}
	for i, c := range comps {
		if c != nil {
			t.Fatalf("element %d kept after a consuming conversion", i)
		}
	}
	if _, err := inputValue(map[string]any{"components": append(comps, struct{ C chan int }{})}, 2, false); err == nil {
		t.Error("an unconvertible element was accepted")
	}
}

// fixedValuer is a Valuer whose OPA value differs from its JSON, so a
// conversion that went through JSON shows.
type fixedValuer struct{ n int }

func (v fixedValuer) ASTValue() ast.Value { return ast.String(fmt.Sprintf("valuer %d", v.n)) }

func (v fixedValuer) MarshalJSON() ([]byte, error) { return []byte(`"json"`), nil }

// A Valuer converts itself, alone, nested or in a big array on every core.
func TestInputValueUsesValuer(t *testing.T) {
	comps := make([]any, parallelInput+1)
	for i := range comps {
		comps[i] = fixedValuer{i}
	}
	in := map[string]any{"components": comps, "meta": map[string]any{"component": fixedValuer{-1}}}
	got, err := inputValue(in, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	obj := got.(ast.Object)
	if v := obj.Get(ast.StringTerm("meta")).Value.(ast.Object).Get(ast.StringTerm("component")); v == nil || v.Value.Compare(ast.String("valuer -1")) != 0 {
		t.Errorf("nested valuer converted to %v", v)
	}
	arr := obj.Get(ast.StringTerm("components")).Value.(*ast.Array)
	if arr.Len() != len(comps) || arr.Elem(parallelInput).Value.Compare(ast.String(fmt.Sprintf("valuer %d", parallelInput))) != 0 {
		t.Errorf("valuers in a big array converted to %v", arr.Elem(parallelInput))
	}
}

func BenchmarkInputValue(b *testing.B) {
	comps := make([]any, 1000)
	for i := range comps {
		comps[i] = map[string]any{
			"bom_ref": fmt.Sprintf("pkg:maven/org.example/lib-%d@1.2.3", i), "type": "library", "name": "lib", "group": "org.example", "version": "1.2.3",
			"purl": "pkg:maven/org.example/lib@1.2.3", "purl_valid": true, "cpe": "", "supplier": "", "depth": 1, "index": i,
			"hashes":   []any{map[string]any{"alg": "SHA-1", "content": "0123456789abcdef0123456789abcdef01234567"}},
			"licenses": []any{"Apache-2.0"}, "license_choices": []any{[]any{"Apache-2.0"}}, "depends_on": []any{},
		}
	}
	in := map[string]any{"components": comps}
	b.Run("engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := inputValue(in, 1, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("opa", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ast.InterfaceToValue(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// ReleaseInput drops a target's input once converted, and judging the
// target again is an error result, never a silent pass.
func TestReleaseInput(t *testing.T) {
	ps := loadTest(t, map[string]string{"a.rego": bucketPolicy})
	ev, err := NewEvaluator(context.Background(), ps, EvalOptions{ReleaseInput: true})
	if err != nil {
		t.Fatal(err)
	}
	tg := testTarget()
	first := ev.EvaluateTarget(context.Background(), tg)
	if len(first) == 0 || tg.Input != nil {
		t.Fatalf("%d results, input %v", len(first), tg.Input)
	}
	again := ev.EvaluateTarget(context.Background(), tg)
	if len(again) != 1 || again[0].Status != StatusError || !strings.Contains(again[0].Message, "released") {
		t.Fatalf("judging a released target again: %+v", again)
	}
}

// A denial marked advisory is reported as a warning of a deny policy; a
// blocking denial of the same resource wins.
func TestEvaluateAdvisoryDenial(t *testing.T) {
	const advisory = `# METADATA
# title: Buckets are named
# description: test policy
# custom:
#   id: T-004
#   severity: high
#   kind: terraform
#   resource_types: [bucket, other]
package t.advisory

deny contains {"msg": "in a test", "resource": "b.one", "advisory": true}

deny contains {"msg": "in a test", "resource": "b.two", "advisory": true}

deny contains {"msg": "for real", "resource": "b.two"}

deny contains {"msg": "not advisory", "resource": "o.x", "advisory": false}
`
	ps := loadTest(t, map[string]string{"a.rego": advisory})
	ev, err := NewEvaluator(context.Background(), ps, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Status{}
	for _, r := range ev.Evaluate(context.Background(), []*Target{testTarget()}) {
		got[r.Resource] = r.Status
	}
	want := map[string]Status{"b.one": StatusWarn, "b.two": StatusFail, "o.x": StatusFail}
	for res, st := range want {
		if got[res] != st {
			t.Errorf("%s: %s, want %s (all %v)", res, got[res], st, got)
		}
	}
}

// An index's package names become the references the parser would make.
func TestPackagePath(t *testing.T) {
	for _, pkg := range []string{"data.paved.lib.tf", "data.a", "data.p_1.Q2"} {
		got, ok := packagePath(pkg)
		if want := ast.MustParseRef(pkg); !ok || !got.Equal(want) {
			t.Errorf("packagePath(%q) = %v, %v; want %v", pkg, got, ok, want)
		}
	}
	for _, pkg := range []string{"", "data", "paved.lib", `data.a["b c"]`, "data.1a", "data.a..b", "data.a-b"} {
		if _, ok := packagePath(pkg); ok {
			t.Errorf("packagePath(%q) accepted", pkg)
		}
	}
}

// A file whose content is not what its index entry says is an error when
// it is read, not a run under a digest that names other policies.
func TestStaleIndex(t *testing.T) {
	fsys := fstest.MapFS{"a.rego": {Data: []byte(bucketPolicy)}}
	meta := &Policy{ID: "T-001", Title: "t", Severity: "high", Kind: "terraform", ResourceTypes: []string{"bucket"},
		Enforcement: "deny", Package: "data.t.versioned", File: "lazy/a.rego"}
	index := map[string]*IndexEntry{"lazy/a.rego": {File: "lazy/a.rego", SHA256: strings.Repeat("0", 64), Package: "data.t.versioned", Policy: meta}}
	ps, err := LoadPolicies(context.Background(), LoadOptions{Index: index}, PolicySource{Name: "lazy", FS: fsys, Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ps.Files(); err == nil || !strings.Contains(err.Error(), "regenerate the index") {
		t.Fatalf("Files: want a stale-index error, got %v", err)
	}
	if _, err := ps.Compile(nil); err == nil || !strings.Contains(err.Error(), "lazy/a.rego") {
		t.Fatalf("Compile: want the stale file named, got %v", err)
	}
}

// countingFS counts the files opened (directories aside).
type countingFS struct {
	fs.FS
	opened map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err == nil {
		if st, err := f.Stat(); err == nil && !st.IsDir() {
			c.opened[name]++
		}
	}
	return f, err
}

// Through an index, loading reads no policy file, and compiling one
// policy reads it and the helper its entry names, nothing else.
func TestIndexReadsOnlyWhatIsParsed(t *testing.T) {
	const helper = "package t.lib.a\n\nok(r) if r.versioned\n"
	user := strings.Replace(bucketPolicy, "package t.versioned\n", "package t.versioned\n\nimport data.t.lib.a\n", 1)
	user = strings.Replace(user, "not r.versioned", "not a.ok(r)", 1)
	files := map[string]string{"a.rego": user, "b.rego": warnPolicy, "lib/a.rego": helper}
	mfs := fstest.MapFS{}
	index := map[string]*IndexEntry{}
	meta := map[string]*Policy{
		"a.rego": {ID: "T-001", Title: "t", Severity: "high", Kind: "terraform", ResourceTypes: []string{"bucket"}, Enforcement: "deny", Package: "data.t.versioned", File: "lazy/a.rego"},
		"b.rego": {ID: "T-002", Title: "t", Severity: "low", Kind: "terraform", Enforcement: "warn", Package: "data.t.named", File: "lazy/b.rego"},
	}
	pkgs := map[string]string{"a.rego": "data.t.versioned", "b.rego": "data.t.named", "lib/a.rego": "data.t.lib.a"}
	for name, src := range files {
		mfs[name] = &fstest.MapFile{Data: []byte(src)}
		sum := sha256.Sum256([]byte(src))
		e := &IndexEntry{File: "lazy/" + name, SHA256: hex.EncodeToString(sum[:]), Package: pkgs[name], Policy: meta[name]}
		if name == "a.rego" {
			e.Uses = []string{"lazy/lib/a.rego"}
		}
		index["lazy/"+name] = e
	}
	cfs := &countingFS{FS: mfs, opened: map[string]int{}}
	ps, err := LoadPolicies(context.Background(), LoadOptions{Index: index}, PolicySource{Name: "lazy", FS: cfs, Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfs.opened) != 0 || len(ps.Policies) != 2 {
		t.Fatalf("loading through the index opened %v, found %d policies", cfs.opened, len(ps.Policies))
	}
	if _, err := ps.Compile(func(p *Policy) bool { return p.ID == "T-001" }); err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"a.rego": 1, "lib/a.rego": 1}; fmt.Sprint(cfs.opened) != fmt.Sprint(want) {
		t.Errorf("compiling T-001 opened %v, want %v", cfs.opened, want)
	}
}
