package sbom

import (
	"strings"

	"github.com/paved-dev/paved/engine"
)

// VEX statements become waivers. A VEX analysis that sets a vulnerability
// aside (not_affected, false_positive, resolved, resolved_with_pedigree) is
// a governed exception like any other: the vulnerability policies still
// deny the finding, and the waiver the SBOM declares turns the denial into
// a waived result that names the statement, its author and its reasoning.
// That way a report shows what a VEX statement set aside instead of a
// silent pass.

// resolvedStates are the VEX analysis states that set a vulnerability
// aside; every other state (exploitable, in_triage, none) leaves it open.
func resolvedStates() []string {
	return []string{"not_affected", "false_positive", "resolved", "resolved_with_pedigree"}
}

// vexPolicies are the policies a VEX resolution waives: those that judge
// whether a vulnerability is open (policies/sbom/vulnerabilities.rego and
// vulnerability_sla.rego). Other policies on a finding, a user's own
// included, see its state and justification in the input and are not
// waived by it.
func vexPolicies() []string { return []string{"SBOM-011", "SBOM-015"} }

// declareVEX sets t.Waivers to one waiver per (finding the SBOM's VEX
// analysis resolves, VEX policy). It reads the finished input document, so
// findings an advisory database added (which carry no analysis) declare
// nothing, and carried findings an advisory enriched keep their statement.
//
// A waiver's id is VEX-<vulnerability id>, or VEX-<finding address> when
// the vulnerability has several findings in the SBOM (several components),
// then :<policy>, as an inline comment naming several policies does; ids
// are unique within the SBOM.
func declareVEX(t *engine.Target) {
	findings, _ := t.Input["findings"].([]any)
	if len(findings) == 0 {
		return
	}
	resolved := map[string]bool{}
	for _, s := range resolvedStates() {
		resolved[s] = true
	}
	// Only the SBOM's own findings count: an id must not change with
	// --vuln-db.
	perID := map[string]int{}
	for _, f := range findings {
		if f, ok := f.(map[string]any); ok && f["source"] == "sbom" {
			id, _ := f["id"].(string)
			perID[id]++
		}
	}
	var owner string
	var ws []*engine.Waiver
	for _, f := range findings {
		f, ok := f.(map[string]any)
		if !ok {
			continue
		}
		state, _ := f["state"].(string)
		if !resolved[state] {
			continue
		}
		vid, _ := f["id"].(string)
		addr, _ := f["address"].(string)
		if owner == "" {
			owner = vexOwner(t.Input)
		}
		base := "VEX-" + vid
		if perID[vid] > 1 {
			base = "VEX-" + addr
		}
		reason := vexReason(state, f["analysis"])
		for _, p := range vexPolicies() {
			ws = append(ws, &engine.Waiver{
				ID: base + ":" + p, Policy: p, Target: t.ID, Resource: addr,
				Reason: reason, Owner: owner, Source: engine.Location{File: t.Path},
				Origin: engine.WaiverOriginVEX,
			})
		}
	}
	t.Waivers = ws
}

// vexReason states an analysis in one line:
// "VEX not_affected: code_not_reachable; response: will_not_fix — detail".
func vexReason(state string, analysis any) string {
	a, _ := analysis.(map[string]any)
	var b strings.Builder
	b.WriteString("VEX ")
	b.WriteString(state)
	if j, _ := a["justification"].(string); j != "" {
		b.WriteString(": ")
		b.WriteString(j)
	}
	if rs, _ := a["response"].([]any); len(rs) > 0 {
		var names []string
		for _, r := range rs {
			if s, _ := r.(string); s != "" {
				names = append(names, s)
			}
		}
		if len(names) > 0 {
			b.WriteString("; response: ")
			b.WriteString(strings.Join(names, ", "))
		}
	}
	if d, _ := a["detail"].(string); strings.TrimSpace(d) != "" {
		b.WriteString(" — ")
		b.WriteString(strings.Join(strings.Fields(d), " "))
	}
	return b.String()
}

// vexOwner is who answers for the SBOM's statements: its authors, else its
// supplier, else its manufacturer, else "VEX statement".
func vexOwner(in map[string]any) string {
	meta, _ := in["metadata"].(map[string]any)
	authors, _ := meta["authors"].([]any)
	var names []string
	for _, a := range authors {
		a, _ := a.(map[string]any)
		if n, _ := a["name"].(string); strings.TrimSpace(n) != "" {
			names = append(names, strings.TrimSpace(n))
		} else if e, _ := a["email"].(string); strings.TrimSpace(e) != "" {
			names = append(names, strings.TrimSpace(e))
		}
	}
	if len(names) > 0 {
		return strings.Join(names, ", ")
	}
	for _, k := range []string{"supplier", "manufacturer"} {
		e, _ := meta[k].(map[string]any)
		if n, _ := e["name"].(string); strings.TrimSpace(n) != "" {
			return strings.TrimSpace(n)
		}
	}
	return "VEX statement"
}
