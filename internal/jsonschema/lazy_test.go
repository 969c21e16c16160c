package jsonschema

import (
	"strings"
	"testing"
)

// The point of this copy: linking the package must not compile the draft
// meta-schemas; the first Compile must, so validation still works.
func TestMetaSchemasCompileLazily(t *testing.T) {
	if Draft2020.sch != nil || Draft7.sch != nil {
		t.Fatal("draft meta-schemas were compiled before any Compile call")
	}
	c := NewCompiler()
	doc, err := UnmarshalJSON(strings.NewReader(`{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["a"],"properties":{"a":{"type":"integer","minimum":1}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("mem://s.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("mem://s.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*Draft{Draft4, Draft6, Draft7, Draft2019, Draft2020} {
		if d.sch == nil {
			t.Fatalf("%s meta-schema not compiled after Compile", d)
		}
	}
	if err := sch.Validate(map[string]any{"a": 2}); err != nil {
		t.Errorf("valid instance rejected: %v", err)
	}
	if err := sch.Validate(map[string]any{"a": 0}); err == nil {
		t.Error("instance violating minimum accepted")
	}
	// A schema that breaks its meta-schema is refused: proves the
	// meta-schemas are in force after lazy loading.
	bad, _ := UnmarshalJSON(strings.NewReader(`{"$schema":"http://json-schema.org/draft-07/schema#","type":"nonsense"}`))
	if err := c.AddResource("mem://bad.json", bad); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Compile("mem://bad.json"); err == nil {
		t.Error("schema invalid against its meta-schema compiled")
	}
}
