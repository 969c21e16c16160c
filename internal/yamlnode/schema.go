package yamlnode

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Problem is one schema violation, located in the YAML source.
type Problem struct {
	Line int
	Path string // JSON pointer into the document, "" for the root
	Msg  string
}

// Validate checks a document against a compiled schema and places each
// violation on the line of the offending key (or its nearest parent).
func Validate(sch *jsonschema.Schema, doc *yaml.Node) []Problem {
	err := sch.Validate(Value(doc))
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []Problem{{Line: doc.Line, Msg: err.Error()}}
	}
	var out []Problem
	for _, leaf := range Leaves(ve) {
		at := leaf.InstanceLocation
		if ap, ok := leaf.ErrorKind.(*kind.AdditionalProperties); ok && len(ap.Properties) > 0 {
			// The validator lists unknown keys in map order.
			slices.Sort(ap.Properties)
			// Point at the unknown key itself, not at its parent.
			at = append(append([]string(nil), at...), ap.Properties[0])
		}
		out = append(out, Problem{Line: LineAt(doc, at), Path: Pointer(leaf.InstanceLocation),
			Msg: leaf.ErrorKind.LocalizedString(printer())})
	}
	// The validator meets an object's members in map order; callers report
	// the first problem, so the order must not change from run to run.
	slices.SortStableFunc(out, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), strings.Compare(a.Path, b.Path), strings.Compare(a.Msg, b.Msg))
	})
	return out
}

// printer formats schema errors; built on first use, not at start-up
// (its language tables cost every process milliseconds).
var printer = sync.OnceValue(func() *message.Printer { return message.NewPrinter(language.English) })

// Leaves picks the errors to show from a validation tree: for anyOf/oneOf
// (say, one branch per entity kind) the branch that fails least, preferring
// one that accepts kind and apiVersion; otherwise every leaf.
func Leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	switch e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		var best []*jsonschema.ValidationError
		bestScore := -1
		for _, c := range e.Causes {
			ls := Leaves(c)
			score := len(ls)
			for _, l := range ls {
				if len(l.InstanceLocation) == 1 && (l.InstanceLocation[0] == "kind" || l.InstanceLocation[0] == "apiVersion") {
					score += 1000
				}
			}
			if bestScore < 0 || score < bestScore {
				best, bestScore = ls, score
			}
		}
		return best
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, Leaves(c)...)
	}
	return out
}

// LineAt is the line of the node at a JSON pointer's tokens, or of its
// nearest existing parent.
func LineAt(n *yaml.Node, loc []string) int {
	line := n.Line
	for _, tok := range loc {
		n = Deref(n)
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			k, v := GetPair(n, tok)
			if k != nil {
				line = k.Line
			}
			next = v
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return line
}

// Pointer writes instance-location tokens as a JSON pointer.
func Pointer(loc []string) string {
	var b bytes.Buffer
	for _, t := range loc {
		b.WriteByte('/')
		b.WriteString(t)
	}
	return b.String()
}

// CompileSchema returns a function compiling an embedded JSON Schema once,
// on first use: the schemas of paved's own YAML files. url is its $id.
func CompileSchema(url string, schema []byte) func() (*jsonschema.Schema, error) {
	return sync.OnceValues(func() (*jsonschema.Schema, error) {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
		if err != nil {
			return nil, err
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource(url, doc); err != nil {
			return nil, err
		}
		return c.Compile(url)
	})
}
