package dockerfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/paved-dev/paved/engine"
)

// known are the instructions Docker accepts; the parser lets others
// through, but a build refuses them.
var known = map[string]bool{
	"add": true, "arg": true, "cmd": true, "copy": true, "entrypoint": true, "env": true,
	"expose": true, "from": true, "healthcheck": true, "label": true, "maintainer": true,
	"onbuild": true, "run": true, "shell": true, "stopsignal": true, "user": true,
	"volume": true, "workdir": true,
}

// stageName is what BuildKit accepts after AS.
var stageName = regexp.MustCompile(`^[a-z][a-z0-9-_.]*$`)

// Parse reads one Dockerfile into a target whose ID and file paths are id.
// It returns engine.Diagnostics, located at id:line, and no target when the
// file is not one Docker would build: a half-read file never passes.
func Parse(id string, src []byte) (t *engine.Target, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, engine.Diagnostics{{File: id, Message: fmt.Sprintf("internal error parsing the Dockerfile: %v", r)}}
		}
	}()
	res, perr := parser.Parse(bytes.NewReader(src))
	if perr != nil {
		return nil, engine.Diagnostics{parseDiag(id, perr)}
	}
	d := &doc{id: id, lex: shell.NewLex(res.EscapeToken), escape: res.EscapeToken, byName: map[string]int{}}
	d.lex.SkipUnsetEnv = true
	if syntax, _, _, ok := parser.DetectSyntax(src); ok {
		d.syntax = syntax
	}
	for _, n := range res.AST.Children {
		d.node(n)
	}
	if len(d.stages) == 0 && len(d.diags) == 0 {
		d.diags = append(d.diags, engine.Diagnostic{File: id, Line: 1, Message: "no FROM instruction: nothing to build"})
	}
	if len(d.diags) > 0 {
		return nil, d.diags
	}
	input, resources := d.document()
	sum := sha256.Sum256(src)
	return &engine.Target{Kind: Kind, ID: id, Path: id, Digest: "sha256:" + hex.EncodeToString(sum[:]),
		Input: input, Resources: resources}, nil
}

// parseDiag locates a parser error at its first line.
func parseDiag(id string, err error) engine.Diagnostic {
	diag := engine.Diagnostic{File: id, Message: err.Error()}
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		diag.Message = le.Unwrap().Error()
		diag.Line = max(le.Locations[0][0].Start.Line, 0)
	}
	return diag
}

// doc collects the document of one Dockerfile.
type doc struct {
	id     string
	lex    *shell.Lex
	escape rune
	syntax string
	args   []any // global ARGs, before the first FROM
	argEnv []string
	stages []*stage
	flat   []any
	byName map[string]int
	diags  engine.Diagnostics
}

type stage struct {
	m            map[string]any
	instructions []any
	user         string
	health       map[string]any
	base         int // index of the stage built on, -1 for an image
	endLine      int
}

func (d *doc) diag(n *parser.Node, format string, args ...any) {
	d.diags = append(d.diags, engine.Diagnostic{File: d.id, Line: n.StartLine, Message: fmt.Sprintf(format, args...)})
}

func (d *doc) node(n *parser.Node) {
	cmd := strings.ToLower(n.Value)
	if !known[cmd] {
		d.diag(n, "unknown instruction %s", strings.ToUpper(n.Value))
		return
	}
	if cmd == "from" {
		d.from(n)
		return
	}
	in := d.instruction(n, 0)
	if len(d.stages) == 0 {
		if cmd != "arg" {
			d.diag(n, "%s before the first FROM: only ARG may come before it", strings.ToUpper(cmd))
			return
		}
		d.args = append(d.args, in["pairs"].([]any)...)
		for _, p := range in["pairs"].([]any) {
			p := p.(map[string]any)
			if p["has_value"] == true {
				d.argEnv = append(d.argEnv, p["key"].(string)+"="+p["value"].(string))
			}
		}
		return
	}
	s := d.stages[len(d.stages)-1]
	in["stage"] = s.m["index"]
	s.instructions = append(s.instructions, in)
	d.flat = append(d.flat, in)
	s.endLine = n.EndLine
	switch cmd {
	case "user":
		if args := in["args"].([]any); len(args) > 0 {
			s.user = args[0].(string)
		}
	case "healthcheck":
		args := in["args"].([]any)
		none := len(args) > 0 && strings.EqualFold(args[0].(string), "none")
		s.health = map[string]any{"none": none, "line": n.StartLine}
	}
}

// from opens a stage.
func (d *doc) from(n *parser.Node) {
	words := nextValues(n)
	if len(words) != 1 && (len(words) != 3 || !strings.EqualFold(words[1], "as")) {
		d.diag(n, "FROM wants an image and optionally AS name, got %q", strings.Join(words, " "))
		return
	}
	idx := len(d.stages)
	name := ""
	if len(words) == 3 {
		name = strings.ToLower(words[2])
		if !stageName.MatchString(name) {
			d.diag(n, "invalid stage name %q", words[2])
			return
		}
		if _, dup := d.byName[name]; dup {
			d.diag(n, "duplicate stage name %q", name)
			return
		}
	}
	raw := words[0]
	resolved, unresolved := raw, false
	if strings.Contains(raw, "$") {
		res, err := shell.NewLex(d.escape).ProcessWordWithMatches(raw, shell.EnvsFromSlice(d.argEnv))
		resolved, unresolved = res.Result, err != nil || len(res.Unmatched) > 0
	}
	from := map[string]any{
		"raw": raw, "resolved": resolved, "unresolved": unresolved,
		"platform": flagValue(n.Flags, "platform"), "line": n.StartLine,
		"stage_ref": false, "stage_index": nil, "scratch": false,
	}
	base := -1
	if i, ok := d.byName[strings.ToLower(resolved)]; ok && !unresolved {
		base = i
		from["stage_ref"], from["stage_index"] = true, i
	}
	image, tag, digest := splitRef(resolved)
	if base < 0 && !unresolved && strings.EqualFold(resolved, "scratch") {
		from["scratch"] = true
	}
	from["image"], from["tag"], from["digest"] = image, tag, digest
	address := "stage[" + strconv.Itoa(idx) + "]"
	if name != "" {
		address = "stage:" + name
		d.byName[name] = idx
	}
	s := &stage{base: base, endLine: n.EndLine, m: map[string]any{
		"index": idx, "name": name, "address": address, "line": n.StartLine, "from": from,
	}}
	d.stages = append(d.stages, s)
}

// splitRef splits an image reference into repository (registry and path as
// written), tag and digest.
func splitRef(ref string) (image, tag, digest string) {
	image = ref
	if i := strings.LastIndexByte(image, '@'); i >= 0 {
		image, digest = image[:i], image[i+1:]
	}
	if i := strings.LastIndexByte(image, ':'); i >= 0 && !strings.Contains(image[i:], "/") {
		image, tag = image[:i], image[i+1:]
	}
	return image, tag, digest
}

// instruction is the document of one instruction; depth guards ONBUILD.
func (d *doc) instruction(n *parser.Node, depth int) map[string]any {
	cmd := strings.ToLower(n.Value)
	in := map[string]any{
		"cmd": cmd, "args": []any{}, "flags": strList(n.Flags), "line": n.StartLine, "end_line": n.EndLine,
		"original": n.Original, "json": n.Attributes["json"], "heredocs": heredocs(n.Heredocs),
	}
	switch cmd {
	case "env", "label":
		var pairs, args []any
		// The parser gives key, value, separator triples.
		for k := n.Next; k != nil && k.Next != nil; {
			raw := k.Next.Value
			pairs = append(pairs, d.pair(k.Value, raw, true))
			args = append(args, k.Value+"="+raw)
			if k.Next.Next == nil {
				break
			}
			k = k.Next.Next.Next
		}
		in["pairs"], in["args"] = orEmpty(pairs), orEmpty(args)
	case "arg":
		var pairs []any
		for _, w := range nextValues(n) {
			k, v, ok := strings.Cut(w, "=")
			pairs = append(pairs, d.pair(k, v, ok))
		}
		in["pairs"], in["args"] = orEmpty(pairs), strList(nextValues(n))
	case "onbuild":
		if n.Next != nil && len(n.Next.Children) > 0 && depth == 0 {
			in["trigger"] = d.instruction(n.Next.Children[0], depth+1)
		}
	default:
		in["args"] = strList(nextValues(n))
	}
	return in
}

// pair is one name=value of ENV, LABEL or ARG: raw as written, value with
// its quotes removed and variables left as written; literal when it refers
// to no variable.
func (d *doc) pair(key, raw string, hasValue bool) map[string]any {
	value := raw
	if v, _, err := d.lex.ProcessWord(raw, shell.EnvsFromSlice(nil)); err == nil {
		value = v
	}
	return map[string]any{"key": key, "value": value, "raw": raw, "has_value": hasValue,
		"literal": hasValue && !strings.Contains(raw, "$")}
}

func (d *doc) document() (map[string]any, []engine.Resource) {
	stages := make([]any, len(d.stages))
	resources := make([]engine.Resource, len(d.stages))
	for i, s := range d.stages {
		s.m["instructions"] = orEmpty(s.instructions)
		s.m["user"] = s.user
		s.m["end_line"] = s.endLine
		s.m["final"] = i == len(d.stages)-1
		// What a stage inherits from an earlier one: USER and HEALTHCHECK
		// carry over FROM <stage>. Bases come before, so they are done.
		eff, health := s.user, s.health
		if s.base >= 0 {
			b := d.stages[s.base].m
			if eff == "" {
				eff = b["effective_user"].(string)
			}
			if health == nil {
				if h, ok := b["healthcheck"].(map[string]any); ok {
					health = h
				}
			}
		}
		s.m["effective_user"] = eff
		// Unknown until a BaseResolver looks the base image up.
		s.m["base_user"] = nil
		if health != nil {
			s.m["healthcheck"] = health
		} else {
			s.m["healthcheck"] = nil
		}
		stages[i] = s.m
		resources[i] = engine.Resource{Type: "stage", Address: s.m["address"].(string), File: d.id, Line: s.m["line"].(int)}
	}
	return map[string]any{
		"kind": "dockerfile", "path": d.id, "syntax": d.syntax,
		"args": orEmpty(d.args), "stages": stages, "instructions": orEmpty(d.flat),
		"final_stage": len(d.stages) - 1,
	}, resources
}

func nextValues(n *parser.Node) []string {
	var out []string
	for k := n.Next; k != nil; k = k.Next {
		out = append(out, k.Value)
	}
	return out
}

func flagValue(flags []string, name string) string {
	for _, f := range flags {
		if v, ok := strings.CutPrefix(f, "--"+name+"="); ok {
			return v
		}
	}
	return ""
}

func heredocs(hs []parser.Heredoc) []any {
	out := make([]any, len(hs))
	for i, h := range hs {
		out[i] = map[string]any{"name": h.Name, "content": h.Content, "expand": h.Expand, "chomp": h.Chomp}
	}
	return out
}

func strList(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func orEmpty(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}
