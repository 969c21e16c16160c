package repo

import (
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"sync"

	"github.com/paved-dev/paved/internal/jsonschema"
	"github.com/paved-dev/paved/internal/jsonschema/kind"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// catalogSchema is SchemaStore's Backstage entity schema (schema/README.md).
//
//go:embed schema/catalog-info.json
var catalogSchema []byte

const catalogSchemaURL = "https://json.schemastore.org/catalog-info.json"

// offline refuses every schema URL not added as a resource.
type offline struct{}

func (offline) Load(url string) (any, error) {
	return nil, fmt.Errorf("schema %s is not embedded; paved loads no schema from the network", url)
}

func (l *Loader) catalogSchema() (*jsonschema.Schema, error) {
	l.schemaOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(catalogSchema))
		if err != nil {
			l.schemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.UseLoader(offline{})
		if err := c.AddResource(catalogSchemaURL, doc); err != nil {
			l.schemaErr = err
			return
		}
		l.schema, l.schemaErr = c.Compile(catalogSchemaURL)
	})
	return l.schema, l.schemaErr
}

// printer formats schema errors; built on first use, not at start-up
// (its language tables cost every process milliseconds).
var printer = sync.OnceValue(func() *message.Printer { return message.NewPrinter(language.English) })

// catalogInfo reads catalog-info.yaml: every entity, validated against the
// Backstage schema, and the first Component's (else first entity's) owner,
// lifecycle and system at the top.
func (ld *load) catalogInfo(rel string) any {
	if rel == "" {
		return nil
	}
	meta, b := ld.known(rel)
	meta["entities"], meta["owner"], meta["lifecycle"], meta["system"] = []any{}, "", "", ""
	meta["owner_line"], meta["lifecycle_line"], meta["valid"], meta["errors"] = 0, 0, false, []any{}
	if b == nil {
		return meta
	}
	docs, err := parseYAMLAll(b)
	if err != nil {
		ld.setError(meta, err, true)
		return meta
	}
	sch, serr := ld.l.catalogSchema()
	entities := []any{}
	allErrs := []any{}
	var main map[string]any
	for _, d := range docs {
		spec := get(d, "spec")
		e := map[string]any{
			"kind": str(get(d, "kind")), "api_version": str(get(d, "apiVersion")),
			"name": str(get(get(d, "metadata"), "name")), "line": d.Line,
			"owner": str(get(spec, "owner")), "lifecycle": str(get(spec, "lifecycle")), "system": str(get(spec, "system")),
			"owner_line": keyLine(spec, "owner", d.Line), "lifecycle_line": keyLine(spec, "lifecycle", d.Line),
		}
		errs := []any{}
		if serr != nil {
			errs = append(errs, map[string]any{"line": d.Line, "path": "", "msg": "schema: " + serr.Error()})
		} else if verr := sch.Validate(value(d)); verr != nil {
			if ve, ok := verr.(*jsonschema.ValidationError); ok {
				for _, leaf := range leaves(ve) {
					errs = append(errs, map[string]any{"line": lineAt(d, leaf.InstanceLocation), "path": pointer(leaf.InstanceLocation),
						"msg": leaf.ErrorKind.LocalizedString(printer())})
				}
			} else {
				errs = append(errs, map[string]any{"line": d.Line, "path": "", "msg": verr.Error()})
			}
		}
		e["valid"], e["errors"] = len(errs) == 0, errs
		allErrs = append(allErrs, errs...)
		entities = append(entities, e)
		if main == nil || (main["kind"] != "Component" && e["kind"] == "Component") {
			main = e
		}
	}
	meta["entities"], meta["errors"], meta["valid"] = entities, allErrs, len(entities) > 0 && len(allErrs) == 0
	if main != nil {
		for _, k := range []string{"owner", "lifecycle", "system", "owner_line", "lifecycle_line"} {
			meta[k] = main[k]
		}
	}
	return meta
}

func keyLine(n *yaml.Node, key string, def int) int {
	if k, _ := getPair(n, key); k != nil {
		return k.Line
	}
	return def
}

// leaves picks the errors to show from a validation tree: for anyOf/oneOf
// (one branch per entity kind) the branch that fails least, preferring one
// that accepts kind and apiVersion; otherwise every leaf.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	switch e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		var best []*jsonschema.ValidationError
		bestScore := -1
		for _, c := range e.Causes {
			ls := leaves(c)
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
		out = append(out, leaves(c)...)
	}
	return out
}

// lineAt is the line of the node at a JSON pointer's tokens, or of its
// nearest existing parent.
func lineAt(n *yaml.Node, loc []string) int {
	line := n.Line
	for _, tok := range loc {
		n = deref(n)
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			k, v := getPair(n, tok)
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

func pointer(loc []string) string {
	var b bytes.Buffer
	for _, t := range loc {
		b.WriteByte('/')
		b.WriteString(t)
	}
	return b.String()
}
