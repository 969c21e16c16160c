package dockerfile

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestIsDockerfile(t *testing.T) {
	for name, want := range map[string]bool{
		"Dockerfile": true, "dockerfile": true, "Containerfile": true, "Dockerfile.dev": true,
		"api.Dockerfile": true, "api.dockerfile": true, "Dockerfile.": false, ".dockerfile": false,
		"Dockerfile-old": false, "docker-compose.yml": false, "Makefile": false,
		"dockerfile.rego": false, "Dockerfile.md": false, "Dockerfile.prod": true,
	} {
		if got := IsDockerfile(name); got != want {
			t.Errorf("IsDockerfile(%q) = %v, want %v", name, got, want)
		}
	}
}

// The walk finds Dockerfiles by name, skips hidden, vendor and
// node_modules directories, and reports a broken file without hiding the
// others.
func TestLoadTree(t *testing.T) {
	dir := filepath.Join("testdata", "tree")
	ts, err := New(Options{}).Load(context.Background(), dir)
	var ids []string
	for _, tg := range ts {
		ids = append(ids, tg.ID)
		if tg.Kind != "dockerfile" || !strings.HasPrefix(tg.Digest, "sha256:") || tg.Input["path"] != tg.ID {
			t.Errorf("%s: kind %q digest %q path %v", tg.ID, tg.Kind, tg.Digest, tg.Input["path"])
		}
		checkJSONNative(t, tg.Input, tg.ID)
	}
	want := "testdata/tree/Dockerfile testdata/tree/svc/Containerfile testdata/tree/svc/api.Dockerfile"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("targets %s, want %s", got, want)
	}
	ds, ok := err.(engine.Diagnostics)
	if !ok || len(ds) != 1 || ds[0].File != "testdata/tree/bad/Dockerfile.dev" || ds[0].Line != 2 {
		t.Fatalf("diagnostics: %#v", err)
	}
	if !strings.Contains(ds[0].Error(), "testdata/tree/bad/Dockerfile.dev:2: unterminated heredoc") {
		t.Errorf("message %q", ds[0].Error())
	}
}

func TestLoadFile(t *testing.T) {
	p := filepath.Join("testdata", "tree", "svc", "notes.txt")
	ts, err := New(Options{}).Load(context.Background(), p)
	if err != nil || len(ts) != 1 || ts[0].ID != "testdata/tree/svc/notes.txt" {
		t.Fatalf("%v %v", ts, err)
	}
	r := ts[0].Resources
	if len(r) != 1 || r[0] != (engine.Resource{Type: "stage", Address: "stage[0]", File: "testdata/tree/svc/notes.txt", Line: 1}) {
		t.Errorf("resources %+v", r)
	}
}

// Every input problem a build would refuse is a diagnostic at file:line
// and yields no target.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"", "Dockerfile: file with no instructions"},
		{"# only a comment\n", "file with no instructions"},
		{"ARG A=1\n", "Dockerfile:1: no FROM instruction"},
		{"RUN x\nFROM a\n", "Dockerfile:1: RUN before the first FROM"},
		{"FROM a\nFOO bar\n", "Dockerfile:2: unknown instruction FOO"},
		{"FROM a b\n", "Dockerfile:1: FROM wants an image"},
		{"FROM a AS 1x\n", `Dockerfile:1: invalid stage name "1x"`},
		{"FROM a AS x\nFROM b AS X\n", `Dockerfile:2: duplicate stage name "x"`},
		{"FROM a\nENV A\n", "Dockerfile:2: ENV must have two arguments"},
		{"FROM a\nRUN [\"a\", 1]\n", "Dockerfile:2:"},
		{"FROM a\nRUN <<EOF\nx\n", "Dockerfile:2: unterminated heredoc"},
		{"FROM a\nRUN x " + strings.Repeat("y", 70000) + "\n", "Dockerfile"},
	} {
		ts, err := Parse("Dockerfile", []byte(tc.src))
		if ts != nil || err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.40q: got %v, %v; want %q", tc.src, ts, err, tc.want)
		}
		if _, ok := err.(engine.Diagnostics); !ok {
			t.Errorf("%.40q: %T is not Diagnostics", tc.src, err)
		}
	}
}

// The document of a realistic multi-stage file, reviewed as a golden file.
func TestDocumentGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/golden/multistage.Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Parse("multistage.Dockerfile", src)
	if err != nil {
		t.Fatal(err)
	}
	checkJSONNative(t, tg.Input, "input")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"input": tg.Input, "resources": tg.Resources}); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	golden := "testdata/golden/multistage.json"
	if *update {
		os.WriteFile(golden, got, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("document differs from %s (go test -update to rewrite):\n%s", golden, got)
	}
}

// Spot checks of what policies rely on, independent of the golden file.
func TestDocumentFields(t *testing.T) {
	src := "ARG V=3.20\nFROM alpine:${V} AS base\nUSER app\nHEALTHCHECK NONE\n" +
		"FROM base\nENV API_TOKEN=\"s3cr3t\" HOME=$HOME\nFROM localhost:5000/x/y\nFROM img@sha256:abc\nFROM scratch\n"
	tg, err := Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	st := tg.Input["stages"].([]any)
	get := func(i int) map[string]any { return st[i].(map[string]any) }
	from := func(i int) map[string]any { return get(i)["from"].(map[string]any) }
	if f := from(0); f["image"] != "alpine" || f["tag"] != "3.20" || f["unresolved"] != false {
		t.Errorf("stage 0 from %v", f)
	}
	if f := from(1); f["stage_ref"] != true || f["stage_index"] != 0 || get(1)["effective_user"] != "app" || get(1)["user"] != "" {
		t.Errorf("stage 1 %v", get(1))
	}
	if h := get(1)["healthcheck"].(map[string]any); h["none"] != true || h["line"] != 4 {
		t.Errorf("inherited healthcheck %v", h)
	}
	env := get(1)["instructions"].([]any)[0].(map[string]any)["pairs"].([]any)
	if p := env[0].(map[string]any); p["key"] != "API_TOKEN" || p["value"] != "s3cr3t" || p["literal"] != true {
		t.Errorf("env %v", p)
	}
	if p := env[1].(map[string]any); p["literal"] != false || p["value"] != "$HOME" {
		t.Errorf("env %v", p)
	}
	if f := from(2); f["image"] != "localhost:5000/x/y" || f["tag"] != "" {
		t.Errorf("registry port %v", f)
	}
	if f := from(3); f["image"] != "img" || f["digest"] != "sha256:abc" {
		t.Errorf("digest %v", f)
	}
	if f := from(4); f["scratch"] != true || get(4)["final"] != true || get(3)["final"] != false {
		t.Errorf("scratch %v", get(4))
	}
	if tg.Input["final_stage"] != 4 || len(tg.Input["instructions"].([]any)) != 3 {
		t.Errorf("final_stage %v, %d instructions", tg.Input["final_stage"], len(tg.Input["instructions"].([]any)))
	}
}

// A symlink out of the scanned directory is not followed; a file over the
// bound is a diagnostic; a cancelled context is not one.
func TestBounds(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "Dockerfile"), []byte("FROM secret\n"), 0o644)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM a\n"+strings.Repeat("# padding\n", 20)), 0o644)
	os.MkdirAll(filepath.Join(dir, "link"), 0o755)
	if err := os.Symlink(filepath.Join(outside, "Dockerfile"), filepath.Join(dir, "link", "Dockerfile")); err != nil {
		t.Skip(err)
	}
	os.Symlink(outside, filepath.Join(dir, "out"))
	os.WriteFile(filepath.Join(dir, "small.Dockerfile"), []byte("FROM b\n"), 0o644)
	ts, err := New(Options{MaxFileSize: 100}).Load(context.Background(), dir)
	if len(ts) != 1 || !strings.HasSuffix(ts[0].ID, "/small.Dockerfile") {
		t.Errorf("targets %v", ts)
	}
	if err == nil || !strings.Contains(err.Error(), "Dockerfile: file too large (207 bytes, limit 100)") || strings.Count(err.Error(), "\n") != 0 {
		t.Errorf("diagnostics %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(Options{}).Load(ctx, dir); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := New(Options{}).Load(context.Background(), filepath.Join(dir, "missing")); err == nil {
		t.Error("missing path loaded")
	}
}

// checkJSONNative fails when v holds a Go type the engine cannot hand to
// Rego without reflection.
func checkJSONNative(t *testing.T, v any, at string) {
	t.Helper()
	switch x := v.(type) {
	case nil, string, bool, int, float64:
	case map[string]any:
		for k, e := range x {
			checkJSONNative(t, e, at+"."+k)
		}
	case []any:
		for i, e := range x {
			checkJSONNative(t, e, at+"["+string(rune('0'+i%10))+"]")
		}
	default:
		t.Fatalf("%s: %T is not JSON-native", at, v)
	}
}
