package repo

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/paved-dev/paved/internal/yamlnode"
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
		} else {
			for _, p := range yamlnode.Validate(sch, d) {
				errs = append(errs, map[string]any{"line": p.Line, "path": p.Path, "msg": p.Msg})
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
