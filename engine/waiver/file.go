package waiver

import (
	_ "embed"
	"fmt"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/internal/yamlnode"
)

// MaxFileSize bounds a waivers file read.
const MaxFileSize = 4 << 20

// Schema is the JSON Schema of a waivers file, also published as
// schemas/paved.waivers.v1.json.
//
//go:embed schema/paved.waivers.v1.json
var Schema []byte

const schemaURL = "https://paved.dev/schemas/paved.waivers.v1.json"

var compiled = yamlnode.CompileSchema(schemaURL, Schema)

// Error is a problem in a waiver declaration, at a file and line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ParseFile reads a waivers file (name is for messages): a YAML mapping
// with a `waivers:` list. Every entry needs id, policy, reason and owner;
// expires is a date. Ids must be unique.
func ParseFile(name string, src []byte) ([]*engine.Waiver, error) {
	if len(src) > MaxFileSize {
		return nil, &Error{File: name, Line: 1, Msg: fmt.Sprintf("file larger than %d bytes", MaxFileSize)}
	}
	root, err := yamlnode.Parse(src)
	if err != nil {
		if ye, ok := err.(*yamlnode.Error); ok {
			return nil, &Error{File: name, Line: ye.Line, Msg: ye.Msg}
		}
		return nil, &Error{File: name, Line: 1, Msg: err.Error()}
	}
	if root == nil {
		return nil, nil // an empty file waives nothing
	}
	sch, err := compiled()
	if err != nil {
		return nil, fmt.Errorf("waivers schema: %w", err)
	}
	if probs := yamlnode.Validate(sch, root); len(probs) > 0 {
		p := probs[0]
		at := p.Path
		if at == "" {
			at = "document"
		}
		return nil, &Error{File: name, Line: p.Line, Msg: fmt.Sprintf("%s: %s", at, p.Msg)}
	}
	var out []*engine.Waiver
	seen := map[string]int{}
	for _, n := range yamlnode.Items(yamlnode.Get(root, "waivers")) {
		w := &engine.Waiver{
			ID: yamlnode.Str(yamlnode.Get(n, "id")), Policy: yamlnode.Str(yamlnode.Get(n, "policy")),
			Target: yamlnode.Str(yamlnode.Get(n, "target")), Resource: yamlnode.Str(yamlnode.Get(n, "resource")),
			Reason: yamlnode.Str(yamlnode.Get(n, "reason")), Owner: yamlnode.Str(yamlnode.Get(n, "owner")),
			ApprovedBy: yamlnode.Str(yamlnode.Get(n, "approved_by")), Expires: yamlnode.Str(yamlnode.Get(n, "expires")),
			Source: engine.Location{File: name, Line: n.Line},
		}
		if w.Expires != "" {
			if _, err := time.Parse(time.DateOnly, w.Expires); err != nil {
				k, _ := yamlnode.GetPair(n, "expires")
				return nil, &Error{File: name, Line: k.Line, Msg: fmt.Sprintf("waiver %s: expires %q is not a date (YYYY-MM-DD)", w.ID, w.Expires)}
			}
		}
		if first, dup := seen[w.ID]; dup {
			return nil, &Error{File: name, Line: n.Line, Msg: fmt.Sprintf("waiver id %q is already used on line %d", w.ID, first)}
		}
		seen[w.ID] = n.Line
		out = append(out, w)
	}
	return out, nil
}
