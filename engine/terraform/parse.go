package terraform

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
)

// body is a configuration body read without a provider schema: attributes
// and nested blocks in source order. Native syntax tells them apart by
// itself; JSON bodies are split by the rule in doc.go. Bodies are built once
// per file and shared, read-only, by every evaluation of the module.
type body struct {
	attrs  []*attribute
	blocks []*block
}

type attribute struct {
	name string
	expr hcl.Expression
	vars []hcl.Traversal // expr.Variables(), computed once
	line int
}

type block struct {
	typ    string
	labels []string
	body   *body
	file   string
	line   int
	rng    hcl.Range
}

// attr returns the attribute called name, or nil.
func (b *body) attr(name string) *attribute {
	for _, a := range b.attrs {
		if a.name == name {
			return a
		}
	}
	return nil
}

// maxNesting bounds how deeply expressions and blocks may nest. HCL's
// parsers recurse once (or more) per level without a limit of their own, so a
// hostile file of a few megabytes could otherwise exhaust the goroutine stack,
// which is fatal rather than a recoverable panic.
const maxNesting = 500

// fileSchema is the top level of a Terraform file, for JSON files (native
// files are walked directly).
var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
}}

var terraformSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "required_version"}, {Name: "experiments"}},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "required_providers"},
		{Type: "backend", LabelNames: []string{"type"}},
		{Type: "cloud"},
		{Type: "provider_meta", LabelNames: []string{"name"}},
	},
}

// jsonKind says how a JSON body's properties split into attributes and blocks.
type jsonKind int

const (
	jsonGeneric   jsonKind = iota // resource, data, provider, backend: by shape (doc.go)
	jsonAttrs                     // module, variable, output, locals, required_providers: all attributes
	jsonTerraform                 // the terraform block
	jsonDynamic                   // a dynamic block: for_each/iterator/labels and a content block
)

// jsonMapAttributes are arguments that take a map in common providers: in a
// .tf.json file an object under one of these names is an attribute, not a
// nested block.
var jsonMapAttributes = map[string]bool{
	"tags": true, "tags_all": true, "labels": true, "variables": true,
	"parameters": true, "metadata": true, "annotations": true, "triggers": true,
	"environment_variables": true, "user_labels": true, "resource_labels": true,
	"default_labels": true, "policy": true, "assume_role_policy": true,
	"data": true, "binary_data": true, "attributes": true, "dimensions": true,
	"headers": true, "properties": true, "values": true, "options": true,
	"context": true, "outputs": true, "inputs": true, "config": true,
}

// parseFile parses one .tf or .tf.json file into its top-level blocks.
func parseFile(src []byte, name string) (*hcl.File, []*block, hcl.Diagnostics) {
	isJSON := strings.HasSuffix(name, ".json")
	if d := checkNesting(src, name, isJSON, lexConfig); d != nil {
		return nil, nil, hcl.Diagnostics{d}
	}
	if isJSON {
		f, diags := hcljson.Parse(src, name)
		if diags.HasErrors() {
			return nil, nil, diags
		}
		content, _, cdiags := f.Body.PartialContent(fileSchema)
		diags = append(diags, cdiags...)
		blocks := make([]*block, 0, len(content.Blocks))
		for _, b := range content.Blocks {
			kind := jsonGeneric
			switch b.Type {
			case "terraform":
				kind = jsonTerraform
			case "module", "variable", "output", "locals":
				kind = jsonAttrs
			}
			blocks = append(blocks, &block{typ: b.Type, labels: b.Labels, body: jsonBody(b.Body, kind, name, 0),
				file: name, line: b.DefRange.Start.Line, rng: b.DefRange})
		}
		return f, blocks, diags
	}
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil, diags
	}
	sb := f.Body.(*hclsyntax.Body)
	blocks := make([]*block, 0, len(sb.Blocks))
	for _, b := range sb.Blocks {
		blocks = append(blocks, nativeBlock(b, name, &diags))
	}
	for _, a := range sortedAttrs(sb) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsupported argument",
			Detail: fmt.Sprintf("An argument named %q is not expected at the top level of a file.", a.Name), Subject: a.NameRange.Ptr()})
	}
	return f, blocks, diags
}

// nativeBlock converts a native block; calls to functions Terraform does
// not have are added to diags.
func nativeBlock(b *hclsyntax.Block, file string, diags *hcl.Diagnostics) *block {
	return &block{typ: b.Type, labels: b.Labels, body: nativeBody(b.Body, file, diags, b.Type == "variable"),
		file: file, line: b.TypeRange.Start.Line, rng: b.DefRange()}
}

// nativeBody converts a native body. In a variable block, type is a type
// expression (list(string), optional(…)), not calls.
func nativeBody(b *hclsyntax.Body, file string, diags *hcl.Diagnostics, variable bool) *body {
	out := &body{attrs: make([]*attribute, 0, len(b.Attributes)), blocks: make([]*block, 0, len(b.Blocks))}
	for _, a := range sortedAttrs(b) {
		vars, calls := prepareExpr(a.Expr, !(variable && a.Name == "type"))
		*diags = append(*diags, calls...)
		out.attrs = append(out.attrs, &attribute{name: a.Name, expr: a.Expr, vars: vars, line: a.NameRange.Start.Line})
	}
	for _, nb := range b.Blocks {
		out.blocks = append(out.blocks, nativeBlock(nb, file, diags))
	}
	return out
}

// sortedAttrs returns a native body's attributes in source order (the body
// keeps them in a map).
func sortedAttrs(b *hclsyntax.Body) []*hclsyntax.Attribute {
	attrs := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		attrs = append(attrs, a)
	}
	slices.SortFunc(attrs, func(x, y *hclsyntax.Attribute) int { return x.SrcRange.Start.Byte - y.SrcRange.Start.Byte })
	return attrs
}

// jsonBody converts a JSON body. Without a schema the shape decides: a
// property whose value is an object, or an array of objects, is a nested
// block unless its name is a well-known map argument (jsonMapAttributes).
func jsonBody(b hcl.Body, kind jsonKind, file string, depth int) *body {
	out := &body{}
	if depth > maxNesting {
		return out
	}
	if kind == jsonTerraform {
		content, _, _ := b.PartialContent(terraformSchema)
		for _, a := range sortedHCLAttrs(content.Attributes) {
			out.attrs = append(out.attrs, &attribute{name: a.Name, expr: a.Expr, vars: a.Expr.Variables(), line: a.NameRange.Start.Line})
		}
		for _, nb := range content.Blocks {
			k := jsonGeneric
			if nb.Type == "required_providers" {
				k = jsonAttrs
			}
			out.blocks = append(out.blocks, &block{typ: nb.Type, labels: nb.Labels, body: jsonBody(nb.Body, k, file, depth+1),
				file: file, line: nb.DefRange.Start.Line, rng: nb.DefRange})
		}
		return out
	}
	attrs, _ := b.JustAttributes()
	schema := &hcl.BodySchema{}
	for _, a := range sortedHCLAttrs(attrs) {
		if kind != jsonAttrs && isJSONBlock(a, kind) {
			hs := hcl.BlockHeaderSchema{Type: a.Name}
			if a.Name == "dynamic" && kind == jsonGeneric {
				hs.LabelNames = []string{"type"}
			}
			schema.Blocks = append(schema.Blocks, hs)
			continue
		}
		out.attrs = append(out.attrs, &attribute{name: a.Name, expr: a.Expr, vars: a.Expr.Variables(), line: a.NameRange.Start.Line})
	}
	if len(schema.Blocks) == 0 {
		return out
	}
	content, _, _ := b.PartialContent(schema)
	for _, nb := range content.Blocks {
		k := jsonGeneric
		if nb.Type == "dynamic" && kind == jsonGeneric {
			k = jsonDynamic
		}
		out.blocks = append(out.blocks, &block{typ: nb.Type, labels: nb.Labels, body: jsonBody(nb.Body, k, file, depth+1),
			file: file, line: nb.DefRange.Start.Line, rng: nb.DefRange})
	}
	return out
}

func isJSONBlock(a *hcl.Attribute, kind jsonKind) bool {
	if kind == jsonDynamic {
		return a.Name == "content"
	}
	if jsonMapAttributes[a.Name] {
		return false
	}
	if isJSONObject(a.Expr) {
		return true
	}
	list, ok := a.Expr.(interface{ ExprList() []hcl.Expression })
	if !ok {
		return false
	}
	items := list.ExprList()
	if len(items) == 0 {
		return false
	}
	for _, it := range items {
		if !isJSONObject(it) {
			return false
		}
	}
	return true
}

func isJSONObject(e hcl.Expression) bool {
	m, ok := e.(interface{ ExprMap() []hcl.KeyValuePair })
	return ok && m.ExprMap() != nil
}

func sortedHCLAttrs(m hcl.Attributes) []*hcl.Attribute {
	attrs := make([]*hcl.Attribute, 0, len(m))
	for _, a := range m {
		attrs = append(attrs, a)
	}
	slices.SortFunc(attrs, func(x, y *hcl.Attribute) int { return x.Range.Start.Byte - y.Range.Start.Byte })
	return attrs
}

// iterateFunc is the name of the function guardForExprs calls. It cannot be
// written in a configuration, so it cannot clash with one.
const iterateFunc = "(paved iterate)"

// prepareExpr walks a native expression once, before any evaluation: it
// returns the expression's variables (what Variables() would) and, with
// checkCalls, calls to functions Terraform does not have; and it routes the collection of every for
// expression (and template for directive) through iterateFunc, which counts
// iterations against the target's budget. HCL evaluates a for expression
// without calling back, so nested loops over large collections could
// otherwise run for hours.
func prepareExpr(e hclsyntax.Expression, checkCalls bool) ([]hcl.Traversal, hcl.Diagnostics) {
	w := &prepareWalker{checkCalls: checkCalls}
	_ = hclsyntax.Walk(e, w)
	return w.vars, w.calls
}

type prepareWalker struct {
	vars       []hcl.Traversal
	checkCalls bool
	calls      hcl.Diagnostics
	scopes     []map[string]struct{}
	types      map[hclsyntax.Node]bool // type expressions: convert's second argument
	inType     int
}

func (w *prepareWalker) Enter(n hclsyntax.Node) hcl.Diagnostics {
	if w.isType(n) {
		w.inType++
	}
	switch n := n.(type) {
	case *hclsyntax.FunctionCallExpr:
		if w.inType > 0 || !w.checkCalls {
			break
		}
		if d := callDiag(n); d != nil {
			w.calls = append(w.calls, d)
		}
		if strings.TrimPrefix(n.Name, "core::") == "convert" && len(n.Args) == 2 {
			if w.types == nil {
				w.types = map[hclsyntax.Node]bool{}
			}
			w.types[n.Args[1]] = true
		}
	case *hclsyntax.ForExpr:
		if fc, ok := n.CollExpr.(*hclsyntax.FunctionCallExpr); !ok || fc.Name != iterateFunc {
			rng := n.CollExpr.Range()
			n.CollExpr = &hclsyntax.FunctionCallExpr{Name: iterateFunc, Args: []hclsyntax.Expression{n.CollExpr},
				NameRange: rng, OpenParenRange: rng, CloseParenRange: rng}
		}
	case *hclsyntax.ScopeTraversalExpr:
		name := n.Traversal.RootName()
		for _, sc := range w.scopes {
			if _, ok := sc[name]; ok {
				return nil
			}
		}
		w.vars = append(w.vars, n.Traversal)
	case hclsyntax.ChildScope:
		w.scopes = append(w.scopes, n.LocalNames)
	}
	return nil
}

func (w *prepareWalker) Exit(n hclsyntax.Node) hcl.Diagnostics {
	if _, ok := n.(hclsyntax.ChildScope); ok {
		w.scopes = w.scopes[:len(w.scopes)-1]
	}
	if w.isType(n) {
		w.inType--
	}
	return nil
}

func (w *prepareWalker) isType(n hclsyntax.Node) bool {
	if w.types == nil {
		return false
	}
	if _, ok := n.(hclsyntax.ChildScope); ok {
		return false // not comparable, and never a type expression
	}
	return w.types[n]
}

// lexMode says how checkNesting starts reading a source.
type lexMode int

const (
	lexConfig     lexMode = iota // a configuration file
	lexExpression                // one expression
	lexTemplate                  // a template file: text with ${…} and %{…}
)

// nestFrame is one open level in checkNesting.
type nestFrame struct {
	kind   byte   // '{', '[', '(', 'i' (interpolation), '"' (string), 'h' (heredoc or template)
	ops    int    // chained unary and conditional operators at this level
	marker []byte // heredoc end marker
}

// checkNesting rejects sources whose expressions nest deeper than maxNesting,
// before a recursive parser sees them. It is a small lexer (strings,
// comments, heredocs, interpolations) that counts the levels a parser
// recurses through: brackets, strings, template sequences and directives,
// and the unary and conditional operators that chain within one level
// (reset at each comma and at each newline in a body or object). One pass,
// no allocation per byte: HCL's own lexer would double the parse time.
func checkNesting(src []byte, name string, isJSON bool, mode lexMode) *hcl.Diagnostic {
	if isJSON {
		return checkJSONNesting(src, name)
	}
	stack := make([]nestFrame, 1, 16)
	stack[0].kind = '{'
	if mode == lexTemplate {
		stack[0].kind = 'h'
	}
	score, directives, line := 0, 0, 1
	lineStart := true
	push := func(k byte) {
		stack = append(stack, nestFrame{kind: k})
		score++
	}
	pop := func() {
		if len(stack) > 1 {
			score -= 1 + stack[len(stack)-1].ops
			stack = stack[:len(stack)-1]
		}
	}
	// template handles ${, %{ and directives in string and heredoc text.
	template := func(i int) int {
		c := src[i]
		if (c == '$' || c == '%') && i+1 < len(src) {
			if src[i+1] == c && i+2 < len(src) && src[i+2] == '{' {
				return i + 2 // $${ and %%{ are literal
			}
			if src[i+1] == '{' {
				push('i')
				if c == '%' {
					j := i + 2
					for j < len(src) && (src[j] == ' ' || src[j] == '~' || src[j] == '\t') {
						j++
					}
					word := src[j:min(j+6, len(src))]
					switch {
					case bytes.HasPrefix(word, []byte("endif")), bytes.HasPrefix(word, []byte("endfor")):
						if directives > 0 {
							directives--
						}
					case bytes.HasPrefix(word, []byte("if")), bytes.HasPrefix(word, []byte("for")):
						directives++
					}
				}
				return i + 1
			}
		}
		return i
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		top := &stack[len(stack)-1]
		wasLineStart := lineStart
		lineStart = c == '\n'
		if c == '\n' {
			line++
		}
		switch top.kind {
		case '"':
			switch c {
			case '\\':
				i++
			case '"':
				pop()
			case '\n':
				pop() // an unterminated string ends at the line, as HCL's lexer does
			default:
				i = template(i)
			}
		case 'h':
			if wasLineStart && top.marker != nil {
				j := i
				for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
					j++
				}
				if bytes.HasPrefix(src[j:], top.marker) {
					k := j + len(top.marker)
					if k == len(src) || src[k] == '\n' || src[k] == '\r' {
						pop()
						i = k - 1
						continue
					}
				}
			}
			i = template(i)
		default: // code
			switch c {
			case '#':
				for i < len(src) && src[i] != '\n' {
					i++
				}
				i--
			case '/':
				if i+1 < len(src) && src[i+1] == '/' {
					for i < len(src) && src[i] != '\n' {
						i++
					}
					i--
				} else if i+1 < len(src) && src[i+1] == '*' {
					end := bytes.Index(src[i+2:], []byte("*/"))
					if end < 0 {
						end = len(src) - i - 2
					}
					line += bytes.Count(src[i:i+2+end], []byte{'\n'})
					i += end + 3
				}
			case '"':
				push('"')
			case '<':
				if i+2 < len(src) && src[i+1] == '<' {
					j := i + 2
					if j < len(src) && src[j] == '-' {
						j++
					}
					k := j
					for k < len(src) && (isIdentByte(src[k])) {
						k++
					}
					if k > j && k < len(src) && (src[k] == '\n' || src[k] == '\r') {
						push('h')
						stack[len(stack)-1].marker = src[j:k]
						i = k - 1
					}
				}
			case '{', '[', '(':
				push(c)
			case '}', ']', ')':
				pop()
			case '?', '!', '-':
				top.ops++
				score++
			case ',':
				score -= top.ops
				top.ops = 0
			case '\n':
				if top.kind == '{' {
					score -= top.ops
					top.ops = 0
				}
			}
		}
		if score+directives > maxNesting {
			return nestingDiag(name, line)
		}
	}
	return nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// checkJSONNesting bounds JSON nesting and, inside strings that hold
// template sequences (parsed as HCL templates when evaluated), the
// characters that open a level.
func checkJSONNesting(src []byte, name string) *hcl.Diagnostic {
	depth, line := 0, 1
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '\n':
			line++
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			start := i + 1
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			if i <= len(src) {
				s := src[start:min(i, len(src))]
				line += bytes.Count(s, []byte{'\n'})
				if bytes.Contains(s, []byte("${")) || bytes.Contains(s, []byte("%{")) {
					n := 0
					for _, b := range s {
						switch b {
						case '{', '[', '(', '?', '!', '-', '"':
							n++
						}
					}
					if depth+n > maxNesting {
						return nestingDiag(name, line)
					}
				}
			}
		}
		if depth > maxNesting {
			return nestingDiag(name, line)
		}
	}
	return nil
}

func nestingDiag(name string, line int) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Nesting too deep",
		Detail:  fmt.Sprintf("Values nest more than %d levels deep here.", maxNesting),
		Subject: &hcl.Range{Filename: name, Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 1}}}
}
