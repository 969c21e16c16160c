package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/paved-dev/paved/engine"
)

// IsPlan reports whether b is the JSON output of `terraform show -json` for
// a plan: an object with a format_version and planned values or resource
// changes. The substring tests reject most other JSON without decoding it.
func IsPlan(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n\ufeff")
	if len(b) == 0 || b[0] != '{' || !bytes.Contains(b, []byte(`"format_version"`)) ||
		!(bytes.Contains(b, []byte(`"planned_values"`)) || bytes.Contains(b, []byte(`"resource_changes"`))) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	var version, planned bool
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		key, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return false
		}
		raw = bytes.TrimSpace(raw)
		switch key {
		case "format_version":
			version = len(raw) > 0 && raw[0] == '"'
		case "planned_values":
			planned = planned || len(raw) > 0 && raw[0] == '{'
		case "resource_changes":
			planned = planned || len(raw) > 0 && raw[0] == '['
		}
	}
	return version && planned
}

type planFile struct {
	PlannedValues struct {
		RootModule planModule `json:"root_module"`
	} `json:"planned_values"`
	// Data sources read while planning are in the prior state.
	PriorState struct {
		Values struct {
			RootModule planModule `json:"root_module"`
		} `json:"values"`
	} `json:"prior_state"`
	ResourceChanges []struct {
		Address string `json:"address"`
		Change  struct {
			Actions      []string `json:"actions"`
			AfterUnknown any      `json:"after_unknown"`
		} `json:"change"`
	} `json:"resource_changes"`
	Configuration struct {
		ProviderConfig map[string]planProvider `json:"provider_config"`
		RootModule     planConfigModule        `json:"root_module"`
	} `json:"configuration"`
}

type planModule struct {
	Address      string         `json:"address"`
	Resources    []planResource `json:"resources"`
	ChildModules []planModule   `json:"child_modules"`
}

type planResource struct {
	Address string         `json:"address"`
	Mode    string         `json:"mode"`
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Index   any            `json:"index"`
	Values  map[string]any `json:"values"`
}

type planConfigModule struct {
	Resources []struct {
		Address     string         `json:"address"`
		Mode        string         `json:"mode"`
		Type        string         `json:"type"`
		Name        string         `json:"name"`
		Expressions map[string]any `json:"expressions"`
	} `json:"resources"`
	ModuleCalls map[string]planModuleCall `json:"module_calls"`
}

type planModuleCall struct {
	Source            string           `json:"source"`
	VersionConstraint string           `json:"version_constraint"`
	Module            planConfigModule `json:"module"`
}

type planProvider struct {
	Name              string         `json:"name"`
	FullName          string         `json:"full_name"`
	Alias             string         `json:"alias"`
	VersionConstraint string         `json:"version_constraint"`
	ModuleAddress     string         `json:"module_address"`
	Expressions       map[string]any `json:"expressions"`
}

// planTarget reads a plan into a target with the same document shape as a
// configuration (docs/terraform-input.md).
func (ld *load) planTarget(b []byte, p, id, display string) (*engine.Target, hcl.Diagnostics) {
	var pf planFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&pf); err != nil {
		return nil, hcl.Diagnostics{fileDiag(p, fmt.Sprintf("invalid plan: %v", err))}
	}
	file := ld.rel(p)

	unknown := map[string]any{}
	deleted := map[string]bool{}
	for _, rc := range pf.ResourceChanges {
		if slices.Equal(rc.Change.Actions, []string{"delete"}) {
			deleted[rc.Address] = true
		}
		unknown[rc.Address] = pruneUnknown(rc.Change.AfterUnknown)
	}

	// Configuration, by module path without instance keys.
	type cfgResource struct {
		expressions map[string]any
	}
	cfgResources := map[string]cfgResource{}
	declared := map[string]map[string]bool{}
	calls, tfBlocks, providers := []any{}, []any{}, []any{}
	var res []engine.Resource
	var modulePaths []string
	var walkCfg func(prefix string, m planConfigModule, depth int)
	walkCfg = func(prefix string, m planConfigModule, depth int) {
		if depth > maxNesting {
			return
		}
		modulePaths = append(modulePaths, prefix)
		decl := map[string]bool{}
		declared[prefix] = decl
		for _, r := range m.Resources {
			decl[r.Address] = true
			cfgResources[joinAddr(prefix, r.Address)] = cfgResource{r.Expressions}
		}
		for _, name := range slices.Sorted(maps.Keys(m.ModuleCalls)) {
			c := m.ModuleCalls[name]
			addr := joinAddr(prefix, "module."+name)
			calls = append(calls, map[string]any{
				"address": addr, "name": name, "source": c.Source, "version": c.VersionConstraint,
				"kind": sourceKind(c.Source), "resolved": true, "file": file, "line": 0,
			})
			res = append(res, engine.Resource{Type: "module", Address: addr, File: file})
			walkCfg(addr, c.Module, depth+1)
		}
	}
	walkCfg("", pf.Configuration.RootModule, 0)

	// terraform blocks and providers, from provider_config.
	reqs := map[string]map[string]any{}
	for _, key := range slices.Sorted(maps.Keys(pf.Configuration.ProviderConfig)) {
		pc := pf.Configuration.ProviderConfig[key]
		if reqs[pc.ModuleAddress] == nil {
			reqs[pc.ModuleAddress] = map[string]any{}
		}
		rp := reqs[pc.ModuleAddress]
		if _, ok := rp[pc.Name]; !ok || pc.VersionConstraint != "" {
			rp[pc.Name] = map[string]any{"source": strings.TrimPrefix(pc.FullName, "registry.terraform.io/"), "version": pc.VersionConstraint}
		}
		providers = append(providers, map[string]any{"name": pc.Name, "alias": pc.Alias, "module": pc.ModuleAddress,
			"file": file, "line": 0, "config": constantValues(pc.Expressions, 0)})
	}
	for _, mp := range modulePaths {
		rp := reqs[mp]
		if rp == nil {
			rp = map[string]any{}
		}
		tfBlocks = append(tfBlocks, map[string]any{"module": mp, "file": file, "line": 0,
			"required_version": "", "required_providers": rp, "backend": nil})
		res = append(res, engine.Resource{Type: "terraform", Address: joinAddr(mp, "terraform"), File: file})
	}

	resources, data := map[string]any{}, map[string]any{}
	seen := map[string]bool{}
	var walk func(m planModule, depth int, onlyData bool)
	walk = func(m planModule, depth int, onlyData bool) {
		if depth > maxNesting {
			return
		}
		for _, r := range m.Resources {
			if deleted[r.Address] || r.Type == "" || r.Name == "" || seen[r.Address] || onlyData && r.Mode != "data" {
				continue
			}
			seen[r.Address] = true
			mode := r.Mode
			if mode != "data" {
				mode = "managed"
			}
			local := r.Type + "." + r.Name
			if mode == "data" {
				local = "data." + local
			}
			cfgPath := stripKeys(m.Address)
			refs := map[string]any{}
			if cr, ok := cfgResources[joinAddr(cfgPath, local)]; ok {
				for attr, e := range cr.expressions {
					s := &refSet{}
					planRefs(e, m.Address, declared[cfgPath], s, 0)
					if len(s.list) > 0 {
						l := make([]any, len(s.list))
						for i, r := range s.list {
							l[i] = r
						}
						refs[attr] = l
					}
				}
			}
			unk, _ := unknown[r.Address].(map[string]any)
			if unk == nil {
				unk = map[string]any{}
			}
			vals := dropNulls(r.Values, 0)
			if vals == nil {
				vals = map[string]any{}
			}
			doc := map[string]any{
				"address": r.Address, "base_address": joinAddr(m.Address, local), "module": m.Address,
				"mode": mode, "type": r.Type, "name": r.Name, "index": planIndex(r.Index),
				"file": file, "line": 0, "values": vals, "unknown": unk, "references": refs,
				"lines": map[string]any{}, "unknown_instances": false,
			}
			group := resources
			if mode == "data" {
				group = data
			}
			l, _ := group[r.Type].([]any)
			group[r.Type] = append(l, doc)
			res = append(res, engine.Resource{Type: r.Type, Address: r.Address, File: file})
		}
		for _, c := range m.ChildModules {
			walk(c, depth+1, onlyData)
		}
	}
	walk(pf.PlannedValues.RootModule, 0, false)
	walk(pf.PriorState.Values.RootModule, 0, true)

	input := map[string]any{
		"kind": "terraform", "source": "plan", "path": id,
		"resources": resources, "data": data, "module_calls": calls,
		"terraform_blocks": tfBlocks, "providers": providers,
	}
	return &engine.Target{Kind: Kind, ID: id, Path: display,
		Digest: digestOf([]digestPart{{file, b}}), Input: input, Resources: res}, nil
}

// planIndex is a resource's instance key: an int, a string or nil.
func planIndex(v any) any {
	switch k := v.(type) {
	case json.Number:
		if i, err := k.Int64(); err == nil {
			return int(i)
		}
		return k
	case string:
		return k
	}
	return nil
}

// stripKeys removes instance keys from a module address: module.a[0] →
// module.a, how the configuration names it.
func stripKeys(addr string) string {
	if !strings.Contains(addr, "[") {
		return addr
	}
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case quoted && c == '\\':
			i++
			continue
		case c == '"' && depth > 0:
			quoted = !quoted
		case !quoted && c == '[':
			depth++
		case !quoted && c == ']':
			depth--
			continue
		}
		if depth == 0 {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// planRefs collects the resource references of a configuration expression
// ({"references": [...]}, or nested block lists of them), resolved to full
// addresses: attribute suffixes stripped, module prefix added.
func planRefs(e any, module string, declared map[string]bool, s *refSet, depth int) {
	if depth > maxNesting {
		return
	}
	switch e := e.(type) {
	case map[string]any:
		if refs, ok := e["references"].([]any); ok {
			for _, r := range refs {
				str, _ := r.(string)
				if len(str) == 0 || len(str) > 1024 {
					continue
				}
				t, diags := hclsyntax.ParseTraversalAbs([]byte(str), "", hcl.InitialPos)
				if diags.HasErrors() {
					continue
				}
				addr, ki := refTarget(t)
				if addr == "" || !declared[addr] {
					continue
				}
				var key any
				if len(t) > ki {
					if ix, ok := t[ki].(hcl.TraverseIndex); ok {
						key = goKey(ix.Key)
					}
				}
				s.add(joinAddr(module, addr) + keySuffix(key))
			}
			return
		}
		for _, k := range slices.Sorted(maps.Keys(e)) {
			planRefs(e[k], module, declared, s, depth+1)
		}
	case []any:
		for _, x := range e {
			planRefs(x, module, declared, s, depth+1)
		}
	}
}

// constantValues reads a provider's configuration expressions: constant
// values, and nested blocks as lists; references (unknown here) are left out.
func constantValues(exprs map[string]any, depth int) map[string]any {
	out := map[string]any{}
	if depth > maxNesting {
		return out
	}
	for k, e := range exprs {
		switch e := e.(type) {
		case map[string]any:
			if v, ok := e["constant_value"]; ok && v != nil {
				out[k] = v
			}
		case []any:
			var blocks []any
			for _, b := range e {
				if m, ok := b.(map[string]any); ok {
					blocks = append(blocks, constantValues(m, depth+1))
				}
			}
			if blocks != nil {
				out[k] = blocks
			}
		}
	}
	return out
}

// dropNulls removes null members of objects: in a plan every unset
// attribute is null, in a configuration it is absent; the document says
// absent.
func dropNulls(m map[string]any, depth int) map[string]any {
	if m == nil || depth > maxNesting {
		return m
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if v == nil {
			continue
		}
		out[k] = dropNullsIn(v, depth+1)
	}
	return out
}

func dropNullsIn(v any, depth int) any {
	switch v := v.(type) {
	case map[string]any:
		return dropNulls(v, depth)
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = dropNullsIn(x, depth+1)
		}
		return l
	}
	return v
}

// pruneUnknown keeps the true leaves of an after_unknown value: false
// members of objects and objects left empty are dropped; lists keep their
// positions so they still line up with the values.
func pruneUnknown(v any) any {
	return pruneUnknownAt(v, 0)
}

func pruneUnknownAt(v any, depth int) any {
	if depth > maxNesting {
		return nil
	}
	switch v := v.(type) {
	case bool:
		if v {
			return true
		}
		return nil
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if p := pruneUnknownAt(x, depth+1); p != nil {
				out[k] = p
			}
		}
		if len(out) == 0 && depth > 0 {
			return nil
		}
		return out
	case []any:
		l := make([]any, len(v))
		keep := false
		for i, x := range v {
			p := pruneUnknownAt(x, depth+1)
			if p == nil {
				p = false
			} else {
				keep = true
			}
			l[i] = p
		}
		if !keep {
			return nil
		}
		return l
	}
	return nil
}
