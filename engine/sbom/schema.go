package sbom

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"sync"

	"github.com/paved-dev/paved/internal/jsonschema"
	"github.com/paved-dev/paved/internal/jsonschema/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The CycloneDX JSON schemas, copied from the specification (schema/README.md).
//
//go:embed schema/*.json
var schemaFS embed.FS

// schemaBase is the prefix of the schemas' $id and $ref URLs.
const schemaBase = "http://cyclonedx.org/schema/"

// maxSchemaErrors bounds the violations recorded in a document.
const maxSchemaErrors = 20

// embeddedLoader resolves the schemas' URLs to the embedded copies and
// refuses every other URL: validation never touches the network.
type embeddedLoader struct{}

func (embeddedLoader) Load(url string) (any, error) {
	name, ok := strings.CutPrefix(url, schemaBase)
	if !ok {
		return nil, fmt.Errorf("schema %s is not embedded", url)
	}
	b, err := schemaFS.ReadFile("schema/" + name)
	if err != nil {
		return nil, fmt.Errorf("schema %s is not embedded", url)
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

type compiled struct {
	once sync.Once
	sch  *jsonschema.Schema
	err  error
}

// schemas are compiled lazily, once per spec version.
var schemas = map[string]*compiled{"1.4": {}, "1.5": {}, "1.6": {}}

// schemaFor returns the compiled schema of a spec version, nil when none is
// embedded.
func schemaFor(version string) (*jsonschema.Schema, error) {
	c := schemas[version]
	if c == nil {
		return nil, nil
	}
	c.once.Do(func() {
		comp := jsonschema.NewCompiler()
		comp.UseLoader(embeddedLoader{})
		c.sch, c.err = comp.Compile(schemaBase + "bom-" + version + ".schema.json")
	})
	return c.sch, c.err
}

var printer = message.NewPrinter(language.English)

// validate checks a decoded JSON document against the schema of version.
// status is "valid", "invalid" or "unavailable" (no embedded schema).
func validate(version string, doc any) (status string, errs []any, err error) {
	sch, err := schemaFor(version)
	if err != nil {
		return "", nil, fmt.Errorf("internal error: CycloneDX %s schema: %w", version, err)
	}
	if sch == nil {
		return "unavailable", []any{}, nil
	}
	verr := sch.Validate(doc)
	if verr == nil {
		return "valid", []any{}, nil
	}
	errs = []any{}
	ve, ok := verr.(*jsonschema.ValidationError)
	if !ok {
		return "invalid", append(errs, map[string]any{"path": "", "msg": verr.Error()}), nil
	}
	for _, leaf := range leaves(ve) {
		if len(errs) == maxSchemaErrors {
			break
		}
		errs = append(errs, map[string]any{"path": pointer(leaf.InstanceLocation), "msg": clip(leaf.ErrorKind.LocalizedString(printer))})
	}
	return "invalid", errs, nil
}

// leaves picks the errors to show from a validation tree: for anyOf/oneOf
// the branch that fails least; otherwise every leaf.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	switch e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		var best []*jsonschema.ValidationError
		for _, c := range e.Causes {
			if ls := leaves(c); best == nil || len(ls) < len(best) {
				best = ls
			}
		}
		return best
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
		if len(out) >= maxSchemaErrors {
			break
		}
	}
	return out
}

// pointer is a JSON pointer (RFC 6901) from its tokens.
func pointer(toks []string) string {
	var sb strings.Builder
	for _, t := range toks {
		sb.WriteByte('/')
		sb.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return sb.String()
}

// clip shortens a message (an enum violation lists every SPDX id).
func clip(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}
