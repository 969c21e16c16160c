package jsonschema_test

import (
	"strings"
	"testing"

	jsonschema "github.com/paved-dev/paved/internal/jsonschema"
)

// TestRefCycleLocations checks the stack of scopes: a $ref cycle is found
// and both keyword locations are reported.
func TestRefCycleLocations(t *testing.T) {
	c := jsonschema.NewCompiler()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(`{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"properties": {"x": {"$ref": "#/$defs/c"}}, "$ref": "#/$defs/a"}, "c": {"type": "string"}},
		"properties": {"p": {"$ref": "#/$defs/a"}}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("cycle.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("cycle.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"p": {"x": 1}}`))
	err = sch.Validate(inst)
	if err == nil {
		t.Fatal("a $ref cycle validated")
	}
	got := err.Error()
	t.Log(got)
	for _, want := range []string{"/properties/p/$ref/$ref/$ref", "/properties/p/$ref"} {
		if !strings.Contains(got, want) {
			t.Errorf("error lacks %q:\n%s", want, got)
		}
	}
}
