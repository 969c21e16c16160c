package repo

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// exprRE finds ${{ … }} expressions in a run script.
var exprRE = regexp.MustCompile(`\$\{\{(.*?)\}\}`)

// parseWorkflow reads a GitHub Actions workflow into its document shape
// (docs/repo-input.md, "workflows"). A YAML error is returned with its line;
// the caller records it in the document and as a Diagnostic.
func parseWorkflow(src []byte) (map[string]any, error) {
	root, err := parseYAML(src)
	if err != nil {
		return nil, err
	}
	wf := map[string]any{
		"name": "", "line": 1, "on": map[string]any{}, "on_line": 0,
		"permissions": nil, "permissions_line": 0, "env": map[string]any{}, "jobs": []any{},
	}
	if root == nil {
		return wf, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, &yamlError{Line: root.Line, Msg: "a workflow must be a mapping"}
	}
	wf["name"] = str(get(root, "name"))
	if k, v := getPair(root, "on"); k != nil {
		wf["on"] = triggers(v)
		wf["on_line"] = k.Line
	} else if k, v := getPair(root, "true"); k != nil && k.Tag == "!!bool" {
		// YAML 1.1 readers see `on` as true; accept the quoted spellings too.
		wf["on"] = triggers(v)
		wf["on_line"] = k.Line
	}
	if k, v := getPair(root, "permissions"); k != nil && v != nil && v.Tag != "!!null" {
		wf["permissions"] = value(v)
		wf["permissions_line"] = k.Line
	}
	if v := get(root, "env"); v != nil {
		if m, ok := value(v).(map[string]any); ok {
			wf["env"] = m
		}
	}
	var jobs []any
	for _, p := range pairs(get(root, "jobs")) {
		jobs = append(jobs, parseJob(p))
	}
	if jobs != nil {
		wf["jobs"] = jobs
	}
	return wf, nil
}

// triggers normalizes `on` (a string, a list or a mapping) to a mapping from
// event name to its configuration ({} when it has none).
func triggers(n *yaml.Node) map[string]any {
	out := map[string]any{}
	n = deref(n)
	if n == nil {
		return out
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value != "" {
			out[n.Value] = map[string]any{}
		}
	case yaml.SequenceNode:
		for _, c := range items(n) {
			if s := str(c); s != "" {
				out[s] = map[string]any{}
			}
		}
	case yaml.MappingNode:
		for _, p := range pairs(n) {
			v := value(p.V)
			if v == nil {
				v = map[string]any{}
			}
			out[p.Key] = v
		}
	}
	return out
}

func parseJob(p pair) map[string]any {
	j := deref(p.V)
	job := map[string]any{
		"id": p.Key, "line": p.K.Line, "name": str(get(j, "name")),
		"runs_on": value(get(j, "runs-on")), "if": str(get(j, "if")),
		"permissions": nil, "permissions_line": 0,
		"uses": nil, "with": map[string]any{}, "env": map[string]any{},
		"container": value(get(j, "container")), "steps": []any{},
	}
	if k, v := getPair(j, "permissions"); k != nil && v != nil && v.Tag != "!!null" {
		job["permissions"] = value(v)
		job["permissions_line"] = k.Line
	}
	if k, v := getPair(j, "uses"); k != nil && str(v) != "" {
		// A job calling a reusable workflow.
		job["uses"] = splitUses(str(v), v.Line)
	}
	if m, ok := value(get(j, "with")).(map[string]any); ok {
		job["with"] = m
	}
	if m, ok := value(get(j, "env")).(map[string]any); ok {
		job["env"] = m
	}
	var steps []any
	for i, s := range items(get(j, "steps")) {
		steps = append(steps, parseStep(i, s))
	}
	if steps != nil {
		job["steps"] = steps
	}
	return job
}

func parseStep(i int, s *yaml.Node) map[string]any {
	step := map[string]any{
		"index": i, "line": s.Line, "name": str(get(s, "name")), "id": str(get(s, "id")),
		"if": str(get(s, "if")), "uses": nil, "run": nil, "run_line": 0, "expressions": []any{},
		"shell": str(get(s, "shell")), "with": map[string]any{}, "with_lines": map[string]any{}, "env": map[string]any{},
	}
	if v := get(s, "uses"); str(v) != "" {
		step["uses"] = splitUses(str(v), v.Line)
	}
	if v := get(s, "run"); v != nil && v.Kind == yaml.ScalarNode {
		step["run"] = v.Value
		// Block scalars (| and >) start on the line after the indicator.
		line := v.Line
		if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			line++
		}
		step["run_line"] = line
		step["expressions"] = expressions(v.Value, line, v.Style&yaml.LiteralStyle != 0)
	}
	if w := get(s, "with"); w != nil {
		with, lines := map[string]any{}, map[string]any{}
		for _, p := range pairs(w) {
			with[p.Key] = value(p.V)
			lines[p.Key] = p.K.Line
		}
		step["with"], step["with_lines"] = with, lines
	}
	if m, ok := value(get(s, "env")).(map[string]any); ok {
		step["env"] = m
	}
	return step
}

// expressions lists the ${{ … }} expressions of a script with the line each
// is on. In a literal block a script line is a file line; otherwise every
// expression is placed at the scalar's first line.
func expressions(script string, first int, literal bool) []any {
	out := []any{}
	for i, ln := range strings.Split(script, "\n") {
		for _, m := range exprRE.FindAllStringSubmatch(ln, -1) {
			line := first
			if literal {
				line = first + i
			}
			out = append(out, map[string]any{"expr": strings.TrimSpace(m[1]), "line": line})
		}
	}
	return out
}

// splitUses splits a `uses` reference into its parts:
//
//	owner/repo[/path]@ref   kind "action" (or "reusable" for a workflow file)
//	./path                  kind "local"
//	docker://image[:tag|@digest]  kind "docker"
func splitUses(raw string, line int) map[string]any {
	u := map[string]any{"raw": raw, "kind": "action", "action": raw, "owner": "", "ref": "", "line": line}
	switch {
	case strings.HasPrefix(raw, "./") || strings.HasPrefix(raw, "../"):
		u["kind"] = "local"
	case strings.HasPrefix(raw, "docker://"):
		u["kind"] = "docker"
		img := strings.TrimPrefix(raw, "docker://")
		if name, digest, ok := strings.Cut(img, "@"); ok {
			u["action"], u["ref"] = "docker://"+name, digest
		} else if i := strings.LastIndex(img, ":"); i > strings.LastIndex(img, "/") {
			u["action"], u["ref"] = "docker://"+img[:i], img[i+1:]
		}
	default:
		action, ref, _ := strings.Cut(raw, "@")
		u["action"], u["ref"] = action, ref
		owner, _, _ := strings.Cut(action, "/")
		u["owner"] = strings.ToLower(owner)
		if strings.Contains(action, "/.github/workflows/") {
			u["kind"] = "reusable"
		}
	}
	return u
}
