package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadData(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.json")
	os.WriteFile(a, []byte("required_tags: [owner]\nregions:\n  - eu-west-1\n"), 0o644)
	os.WriteFile(b, []byte(`{"required_tags": ["team"]}`), 0o644)
	got, err := LoadData([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if tags := got["required_tags"].([]any); len(tags) != 1 || tags[0] != "team" {
		t.Errorf("later file must win: %v", got)
	}
	if len(got["regions"].([]any)) != 1 {
		t.Errorf("regions lost: %v", got)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("a: 1\nb: [\n"), 0o644)
	if _, err := LoadData([]string{bad}); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
		t.Errorf("want error naming the file, got %v", err)
	}
	list := filepath.Join(dir, "list.yaml")
	os.WriteFile(list, []byte("- a\n- b\n"), 0o644)
	if _, err := LoadData([]string{list}); err == nil {
		t.Error("a top-level list must be refused")
	}
}

func FuzzLoadData(f *testing.F) {
	f.Add([]byte("required_tags: [owner, cost-center]\n"))
	f.Add([]byte(`{"a": {"b": [1, 2, {"c": null}]}}`))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("a: &a [1,2]\nb: &b [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "data.yaml")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		_, _ = LoadData([]string{p})
	})
}
