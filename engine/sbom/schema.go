package sbom

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
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
	once  sync.Once
	sch   *jsonschema.Schema
	items map[string]*jsonschema.Schema // per streamed array
	err   error
}

// schemas are compiled lazily, once per spec version.
var schemas = map[string]*compiled{"1.4": {}, "1.5": {}, "1.6": {}}

// schemasFor returns the compiled schema of a spec version and the schemas
// of the items of its streamed arrays, nil when none is embedded.
func schemasFor(version string) (*jsonschema.Schema, map[string]*jsonschema.Schema, error) {
	c := schemas[version]
	if c == nil {
		return nil, nil, nil
	}
	c.once.Do(func() {
		comp := jsonschema.NewCompiler()
		comp.UseLoader(embeddedLoader{})
		comp.UseRegexpEngine(compileRegexp)
		url := schemaBase + "bom-" + version + ".schema.json"
		if c.sch, c.err = comp.Compile(url); c.err != nil {
			return
		}
		c.items = map[string]*jsonschema.Schema{}
		for key, def := range streamed {
			if c.items[key], c.err = comp.Compile(url + "#/definitions/" + def); c.err != nil {
				return
			}
		}
	})
	if c.err != nil {
		return nil, nil, fmt.Errorf("internal error: CycloneDX %s schema: %w", version, c.err)
	}
	return c.sch, c.items, nil
}

// hashPattern is the CycloneDX pattern of a hash's content.
const hashPattern = "^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$"

// compileRegexp is the schemas' regexp engine: Go's regexp, but the hash
// pattern, which every hash of every component meets, is matched by hand
// (Go's regexp is slow on its alternation of counted repeats).
func compileRegexp(s string) (jsonschema.Regexp, error) {
	if s == hashPattern {
		return hexDigest{}, nil
	}
	return regexp.Compile(s)
}

// hexDigest matches hashPattern.
type hexDigest struct{}

func (hexDigest) String() string { return hashPattern }

func (hexDigest) MatchString(s string) bool {
	switch len(s) {
	case 32, 40, 64, 96, 128:
	default:
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHex[s[i]] {
			return false
		}
	}
	return true
}

// isHex is a table: the test runs over every byte of every hash.
var isHex = func() (t [256]bool) {
	for _, r := range "0123456789abcdefABCDEF" {
		t[r] = true
	}
	return t
}()

var printer = message.NewPrinter(language.English)

// leaves picks the errors to show from a validation tree: for anyOf/oneOf
// the branch that fails least; otherwise every leaf.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		if ap, ok := e.ErrorKind.(*kind.AdditionalProperties); ok {
			// Named in map order by the validator.
			slices.Sort(ap.Properties)
		}
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
	// The validator meets an object's members in map order: in document
	// order, the errors the cap keeps are the same from run to run.
	causes := slices.Clone(e.Causes)
	slices.SortStableFunc(causes, func(a, b *jsonschema.ValidationError) int {
		return cmp.Or(comparePointers(pointer(a.InstanceLocation), pointer(b.InstanceLocation)),
			strings.Compare(a.SchemaURL, b.SchemaURL))
	})
	var out []*jsonschema.ValidationError
	for _, c := range causes {
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
