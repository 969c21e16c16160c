// Package yamlnode reads YAML as yaml.v3 nodes, bounded (aliases, depth,
// node count) and with line numbers kept, for loaders and config files.
package yamlnode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Bounds on one YAML document, beyond yaml.v3's own alias limits: aliases
// are expanded when a node is turned into a value, so a billion-laughs
// document is refused here rather than built.
const (
	MaxNodes = 100_000
	MaxDepth = 64
)

var ErrTooBig = errors.New("document too large or too deep once aliases are expanded")

// Error is a YAML problem located at a line.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Parse parses the first document of src. A syntax error comes back as
// a *Error with the line yaml.v3 reported.
func Parse(src []byte) (root *yaml.Node, err error) {
	defer func() {
		// yaml.v3 panics on a few pathological inputs; they are input errors.
		if r := recover(); r != nil {
			root, err = nil, &Error{Line: 1, Msg: fmt.Sprint(r)}
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, wrapErr(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // empty document
	}
	root = doc.Content[0]
	if err := check(root); err != nil {
		return nil, err
	}
	return root, nil
}

// maxDocs bounds the documents of one stream.
const maxDocs = 100

// ParseAll parses every document of a stream (catalog-info.yaml may
// hold several entities). More than maxDocs is an error, not a silent cut:
// the documents past it would go unjudged.
func ParseAll(src []byte) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, &Error{Line: 1, Msg: fmt.Sprint(r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, wrapErr(err)
		}
		if len(doc.Content) == 0 {
			continue
		}
		if len(docs) == maxDocs {
			return nil, &Error{Line: doc.Content[0].Line, Msg: fmt.Sprintf("more than %d YAML documents", maxDocs)}
		}
		if err := check(doc.Content[0]); err != nil {
			return nil, err
		}
		docs = append(docs, doc.Content[0])
	}
	return docs, nil
}

// check refuses documents that expand beyond the node and depth bounds.
func check(n *yaml.Node) error {
	count := 0
	var walk func(n *yaml.Node, depth int) error
	walk = func(n *yaml.Node, depth int) error {
		count++
		if count > MaxNodes || depth > MaxDepth {
			return &Error{Line: n.Line, Msg: ErrTooBig.Error()}
		}
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			return walk(n.Alias, depth+1)
		}
		for _, c := range n.Content {
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(n, 0)
}

var errLine = func(msg string) (int, string) {
	// yaml.v3 errors read "yaml: line 3: did not find expected key".
	rest, ok := strings.CutPrefix(msg, "yaml: line ")
	if !ok {
		return 0, strings.TrimPrefix(msg, "yaml: ")
	}
	num, text, ok := strings.Cut(rest, ": ")
	if !ok {
		return 0, msg
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, msg
	}
	return n, text
}

func wrapErr(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		err = errors.New(te.Errors[0])
	}
	line, msg := errLine(err.Error())
	if line == 0 {
		line = 1
	}
	return &Error{Line: line, Msg: msg}
}

// Deref follows an alias.
func Deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < MaxDepth; i++ {
		n = n.Alias
	}
	return n
}

// Pair is one key of a mapping with its value node.
type Pair struct {
	Key string
	K   *yaml.Node
	V   *yaml.Node
}

// Pairs lists a mapping's entries, merge keys (<<) expanded, later keys
// winning as in YAML.
func Pairs(n *yaml.Node) []Pair {
	n = Deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []Pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			mv := Deref(v)
			srcs := []*yaml.Node{mv}
			if mv != nil && mv.Kind == yaml.SequenceNode {
				srcs = mv.Content
			}
			for _, s := range srcs {
				out = append(out, Pairs(s)...)
			}
			continue
		}
		out = append(out, Pair{Key: Deref(k).Value, K: k, V: v})
	}
	// Later keys win; keep one entry per key, in first-seen order.
	seen := map[string]int{}
	dedup := out[:0:0]
	for _, p := range out {
		if i, ok := seen[p.Key]; ok {
			dedup[i] = p
			continue
		}
		seen[p.Key] = len(dedup)
		dedup = append(dedup, p)
	}
	return dedup
}

// Get is the value node of key in a mapping, or nil.
func Get(n *yaml.Node, key string) *yaml.Node {
	for _, p := range Pairs(n) {
		if p.Key == key {
			return Deref(p.V)
		}
	}
	return nil
}

// GetPair is like get and also returns the key node (for its line).
func GetPair(n *yaml.Node, key string) (k, v *yaml.Node) {
	for _, p := range Pairs(n) {
		if p.Key == key {
			return p.K, Deref(p.V)
		}
	}
	return nil, nil
}

// Str is a scalar's text, "" for anything else.
func Str(n *yaml.Node) string {
	n = Deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// Items is a sequence's elements, nil for anything else.
func Items(n *yaml.Node) []*yaml.Node {
	n = Deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = Deref(c)
	}
	return out
}

// Value turns a node into a JSON-native value (map[string]any, []any,
// string, bool, int, float64, nil). Timestamps and other tags stay strings.
// The node was bounded by check, so recursion and size are too.
func Value(n *yaml.Node) any {
	n = Deref(n)
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for _, p := range Pairs(n) {
			m[p.Key] = Value(p.V)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = Value(c)
		}
		return s
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil
		case "!!bool":
			var b bool
			if n.Decode(&b) == nil {
				return b
			}
		case "!!int":
			if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
				return int(i)
			}
		case "!!float":
			var f float64
			if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				return f
			}
		}
		return n.Value
	}
	return nil
}
