package yamlnode

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseBoundsAndLines(t *testing.T) {
	root, err := Parse([]byte("a: 1\nb:\n  - x\n  - {c: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := LineAt(root, []string{"b", "1", "c"}); got != 4 {
		t.Errorf("line of /b/1/c = %d, want 4", got)
	}
	if v := Value(root).(map[string]any); v["a"] != 1 || v["b"].([]any)[1].(map[string]any)["c"] != true {
		t.Errorf("value %v", v)
	}
	// A billion-laughs document is refused, not expanded.
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for i := 0; i < 8; i++ {
		name := string(rune('b' + i))
		bomb += name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
		prev = name
	}
	var ye *Error
	if _, err := Parse([]byte(bomb)); !errors.As(err, &ye) || !strings.Contains(err.Error(), "too large") {
		t.Errorf("alias bomb: err = %v", err)
	}
	if _, err := Parse([]byte("a: [\n")); !errors.As(err, &ye) || ye.Line != 1 {
		t.Errorf("syntax error: %v", err)
	}
}

func TestValidatePointsAtTheKey(t *testing.T) {
	sch, err := CompileSchema("mem://t.json", []byte(`{"type":"object","additionalProperties":false,"properties":{"a":{"type":"integer"},"b":{"type":"string"}}}`))()
	if err != nil {
		t.Fatal(err)
	}
	root, _ := Parse([]byte("a: 1\nb: x\nc: oops\n"))
	ps := Validate(sch, root)
	if len(ps) != 1 || ps[0].Line != 3 || !strings.Contains(ps[0].Msg, "'c'") {
		t.Errorf("problems %+v: want the unknown key c on line 3", ps)
	}
	root, _ = Parse([]byte("a: one\n"))
	if ps := Validate(sch, root); len(ps) != 1 || ps[0].Line != 1 || ps[0].Path != "/a" {
		t.Errorf("problems %+v", ps)
	}
}

// Problems come in the same order, with the same text, run after run,
// though the validator meets an object's members in map order.
func TestValidateDeterministic(t *testing.T) {
	sch, err := CompileSchema("mem://d.json", []byte(`{"type":"object","additionalProperties":false,
		"properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"integer"},"d":{"type":"integer"}}}`))()
	if err != nil {
		t.Fatal(err)
	}
	root, _ := Parse([]byte("z: 1\ny: 1\nx: 1\nw: 1\nd: x\nc: x\nb: x\na: x\n"))
	want := Validate(sch, root)
	if len(want) != 5 || want[0].Line != 4 || want[0].Msg != "additional properties 'w', 'x', 'y', 'z' not allowed" || want[1].Path != "/d" {
		t.Fatalf("problems %+v", want)
	}
	for range 30 {
		if got := Validate(sch, root); !reflect.DeepEqual(got, want) {
			t.Fatalf("problems\n%+v\nthen\n%+v", want, got)
		}
	}
}

// A stream of more documents than ParseAll takes is refused at the first
// one too many, not cut short silently.
func TestParseAllRefusesTooManyDocuments(t *testing.T) {
	var sb strings.Builder
	for i := range maxDocs {
		if i > 0 {
			sb.WriteString("---\n")
		}
		sb.WriteString("kind: Component\n")
	}
	docs, err := ParseAll([]byte(sb.String()))
	if err != nil || len(docs) != maxDocs {
		t.Fatalf("%d documents: %d, %v", maxDocs, len(docs), err)
	}
	sb.WriteString("---\nkind: System\n")
	var ye *Error
	if _, err := ParseAll([]byte(sb.String())); !errors.As(err, &ye) || ye.Line != 2*maxDocs+1 || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("%d documents: %v", maxDocs+1, err)
	}
}
