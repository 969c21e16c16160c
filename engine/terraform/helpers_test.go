package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/paved-dev/paved/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// loadDir loads a fixture directory (or file) from disk as if paved ran
// inside it, so reported paths are relative to it, and fails on any
// diagnostic. TestReportedPaths covers the prefix Load adds.
func loadDir(t *testing.T, dir string, opts Options) []*engine.Target {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		t.Fatal(err)
	}
	scan, display := abs, "."
	if !info.IsDir() {
		scan, display = filepath.Dir(abs), filepath.Base(abs)
	}
	boundary := repoRoot(scan)
	root, err := os.OpenRoot(boundary)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	rel, err := filepath.Rel(boundary, abs)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Logger == nil {
		opts.Logger = discard
	}
	ts, err := New(opts).LoadFS(context.Background(), root.FS(), filepath.ToSlash(rel), display)
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	return ts
}

// loadFiles loads an in-memory tree rooted at ".".
func loadFiles(t *testing.T, files map[string]string, opts Options) ([]*engine.Target, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, content := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(content), Mode: 0o644}
	}
	if opts.Logger == nil {
		opts.Logger = discard // tests that look at warnings pass their own
	}
	return New(opts).LoadFS(context.Background(), fsys, ".", ".")
}

// loadOne loads an in-memory module and returns its only target.
func loadOne(t *testing.T, files map[string]string) *engine.Target {
	t.Helper()
	ts, err := loadFiles(t, files, Options{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if len(ts) != 1 {
		t.Fatalf("got %d targets, want 1", len(ts))
	}
	return ts[0]
}

func target(t *testing.T, ts []*engine.Target, id string) *engine.Target {
	t.Helper()
	for _, tg := range ts {
		if tg.ID == id {
			return tg
		}
	}
	var ids []string
	for _, tg := range ts {
		ids = append(ids, tg.ID)
	}
	t.Fatalf("no target %q among %v", id, ids)
	return nil
}

// resource finds a resource or data source document by address.
func resource(t *testing.T, tg *engine.Target, addr string) map[string]any {
	t.Helper()
	if r := findResource(tg, addr); r != nil {
		return r
	}
	t.Fatalf("%s: no resource %s; have %v", tg.ID, addr, addresses(tg))
	return nil
}

func findResource(tg *engine.Target, addr string) map[string]any {
	for _, group := range []string{"resources", "data"} {
		m, _ := tg.Input[group].(map[string]any)
		for _, l := range m {
			for _, r := range l.([]any) {
				if r := r.(map[string]any); r["address"] == addr {
					return r
				}
			}
		}
	}
	return nil
}

func addresses(tg *engine.Target) []string {
	var out []string
	for _, r := range tg.Resources {
		out = append(out, r.Type+" "+r.Address)
	}
	return out
}

// at walks a document: string keys index maps, int keys index lists.
// It returns nil for a missing path.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// has reports whether the path exists (its value may be nil).
func has(v any, path ...any) bool {
	if len(path) == 0 {
		return true
	}
	parent := at(v, path[:len(path)-1]...)
	switch k := path[len(path)-1].(type) {
	case string:
		m, ok := parent.(map[string]any)
		if !ok {
			return false
		}
		_, ok = m[k]
		return ok
	case int:
		l, ok := parent.([]any)
		return ok && k < len(l)
	}
	return false
}

// jsonEqual compares through JSON so int, float64 and json.Number agree.
func jsonEqual(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		return false
	}
	var va, vb any
	_ = json.Unmarshal(ja, &va)
	_ = json.Unmarshal(jb, &vb)
	return reflect.DeepEqual(va, vb)
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// golden compares a document with testdata/golden/name.json.
func golden(t *testing.T, name string, doc map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	file := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file; rerun with -update and review the diff.\ngot:\n%s", file, got)
	}
}

// checkJSONNative fails unless v holds only the JSON-native values the
// engine accepts.
func checkJSONNative(t *testing.T, v any, path string) {
	t.Helper()
	switch x := v.(type) {
	case nil, string, bool, int, int64, float64, json.Number:
	case map[string]any:
		for k, e := range x {
			checkJSONNative(t, e, path+"."+k)
		}
	case []any:
		for i, e := range x {
			checkJSONNative(t, e, path+"["+js(i)+"]")
		}
	default:
		t.Fatalf("%s: %T is not a JSON-native value", path, v)
	}
}
