package jsonschema_test

import (
	"encoding/json"
	"strings"
	"testing"

	jsonschema "github.com/paved-dev/paved/internal/jsonschema"
)

// paved looks string instances up among an enum's strings; every other
// instance is still compared value by value.
func TestEnumMixedTypes(t *testing.T) {
	dec := json.NewDecoder(strings.NewReader(`{"enum": ["a", "1", 2, null, {"k": "a"}, ["a"]]}`))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("enum.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("enum.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		v  any
		ok bool
	}{
		{"a", true}, {"1", true}, {"b", false}, {"2", false}, {json.Number("2"), true}, {json.Number("1"), false},
		{nil, true}, {true, false}, {map[string]any{"k": "a"}, true}, {map[string]any{"k": "b"}, false},
		{[]any{"a"}, true}, {[]any{"b"}, false},
	} {
		if err := sch.Validate(tc.v); (err == nil) != tc.ok {
			t.Errorf("%#v: valid %v, want %v (%v)", tc.v, err == nil, tc.ok, err)
		}
	}
}
