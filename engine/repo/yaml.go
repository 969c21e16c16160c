package repo

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Bounds on one YAML document, beyond yaml.v3's own alias limits: aliases
// are expanded when a node is turned into a value, so a billion-laughs
// document is refused here rather than built.
const (
	maxYAMLNodes = 100_000
	maxYAMLDepth = 64
)

var errYAMLTooBig = errors.New("document too large or too deep once aliases are expanded")

// yamlError is a YAML problem located at a line.
type yamlError struct {
	Line int
	Msg  string
}

func (e *yamlError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// parseYAML parses the first document of src. A syntax error comes back as
// a *yamlError with the line yaml.v3 reported.
func parseYAML(src []byte) (root *yaml.Node, err error) {
	defer func() {
		// yaml.v3 panics on a few pathological inputs; they are input errors.
		if r := recover(); r != nil {
			root, err = nil, &yamlError{Line: 1, Msg: fmt.Sprint(r)}
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlErr(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // empty document
	}
	root = doc.Content[0]
	if err := checkYAML(root); err != nil {
		return nil, err
	}
	return root, nil
}

// parseYAMLAll parses every document of a stream (catalog-info.yaml may
// hold several entities).
func parseYAMLAll(src []byte) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, &yamlError{Line: 1, Msg: fmt.Sprint(r)}
		}
	}()
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	for len(docs) < 100 {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if err.Error() == "EOF" {
				break
			}
			return nil, yamlErr(err)
		}
		if len(doc.Content) == 0 {
			continue
		}
		if err := checkYAML(doc.Content[0]); err != nil {
			return nil, err
		}
		docs = append(docs, doc.Content[0])
	}
	return docs, nil
}

// checkYAML refuses documents that expand beyond the node and depth bounds.
func checkYAML(n *yaml.Node) error {
	count := 0
	var walk func(n *yaml.Node, depth int) error
	walk = func(n *yaml.Node, depth int) error {
		count++
		if count > maxYAMLNodes || depth > maxYAMLDepth {
			return &yamlError{Line: n.Line, Msg: errYAMLTooBig.Error()}
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

var yamlLine = func(msg string) (int, string) {
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

func yamlErr(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		err = errors.New(te.Errors[0])
	}
	line, msg := yamlLine(err.Error())
	if line == 0 {
		line = 1
	}
	return &yamlError{Line: line, Msg: msg}
}

// deref follows an alias.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxYAMLDepth; i++ {
		n = n.Alias
	}
	return n
}

// pair is one key of a mapping with its value node.
type pair struct {
	key string
	k   *yaml.Node
	v   *yaml.Node
}

// pairs lists a mapping's entries, merge keys (<<) expanded, later keys
// winning as in YAML.
func pairs(n *yaml.Node) []pair {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			mv := deref(v)
			srcs := []*yaml.Node{mv}
			if mv != nil && mv.Kind == yaml.SequenceNode {
				srcs = mv.Content
			}
			for _, s := range srcs {
				out = append(out, pairs(s)...)
			}
			continue
		}
		out = append(out, pair{key: deref(k).Value, k: k, v: v})
	}
	// Later keys win; keep one entry per key, in first-seen order.
	seen := map[string]int{}
	dedup := out[:0:0]
	for _, p := range out {
		if i, ok := seen[p.key]; ok {
			dedup[i] = p
			continue
		}
		seen[p.key] = len(dedup)
		dedup = append(dedup, p)
	}
	return dedup
}

// get is the value node of key in a mapping, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	for _, p := range pairs(n) {
		if p.key == key {
			return deref(p.v)
		}
	}
	return nil
}

// getPair is like get and also returns the key node (for its line).
func getPair(n *yaml.Node, key string) (k, v *yaml.Node) {
	for _, p := range pairs(n) {
		if p.key == key {
			return p.k, deref(p.v)
		}
	}
	return nil, nil
}

// str is a scalar's text, "" for anything else.
func str(n *yaml.Node) string {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// items is a sequence's elements, nil for anything else.
func items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = deref(c)
	}
	return out
}

// value turns a node into a JSON-native value (map[string]any, []any,
// string, bool, int, float64, nil). Timestamps and other tags stay strings.
// The node was bounded by checkYAML, so recursion and size are too.
func value(n *yaml.Node) any {
	n = deref(n)
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for _, p := range pairs(n) {
			m[p.key] = value(p.v)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = value(c)
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
