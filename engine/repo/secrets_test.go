package repo

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/secrets"
	"github.com/paved-dev/paved/engine/secrets/secretstest"
)

func TestSecretsScanned(t *testing.T) {
	dir := t.TempDir()
	key := "ghp_" + strings.Repeat("aB3dE5fG7h", 3) + "123456" // built here so this file trips no scanner
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("# app\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "deploy.sh"), []byte("#!/bin/sh\n\nexport GH_TOKEN="+key+"\n"), 0o644)
	sc, err := secrets.New()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := New(Options{Secrets: sc}).Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	found := ts[0].Input["secrets"].([]any)
	if len(found) != 1 {
		t.Fatalf("secrets = %v, want the one token", found)
	}
	f := found[0].(map[string]any)
	if f["line"] != 3 || !strings.HasSuffix(f["file"].(string), "deploy.sh") || f["path"] != "deploy.sh" {
		t.Errorf("finding %v: want deploy.sh line 3", f)
	}
	for k, v := range f {
		if s, ok := v.(string); ok && strings.Contains(s, key[4:16]) {
			t.Errorf("finding field %s carries the secret", k)
		}
	}
	// Without a scanner the document still has the fields, empty.
	ts, _ = New(Options{}).Load(context.Background(), dir)
	if len(ts[0].Input["secrets"].([]any)) != 0 {
		t.Error("no scanner, no findings")
	}
}

// The same live-looking value is "code" in a script and "fixture" under
// testdata/; a token whose checksum fails is reported as such. The context
// follows the path inside the repository, not the name the directory was
// scanned under, and no field of the document holds a secret.
func TestSecretsContext(t *testing.T) {
	live := secretstest.GitHubToken("ghp_", "Zq3x9Lm2Pk7WbR8kL2mQ9xV4nT7bZ1")
	bad := "ghp_" + "Zq3x9Lm2Pk7WbR8kL2mQ9xV4nT7bZ1" + "000000"
	fsys := fstest.MapFS{
		"deploy.sh":              {Data: []byte("export GH_TOKEN=" + live + "\n")},
		"internal/testdata/a.sh": {Data: []byte("export GH_TOKEN=" + live + "\n")},
		"docs/setup.md":          {Data: []byte("    export GH_TOKEN=" + live + "\n")},
		"ci/release.sh":          {Data: []byte("export GH_TOKEN=" + bad + "\n")},
	}
	sc, err := secrets.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, display := range []string{".", "tests/checkouts/app"} {
		ts, err := New(Options{Secrets: sc}).LoadFS(context.Background(), fsys, display, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, s := range ts[0].Input["secrets"].([]any) {
			f := s.(map[string]any)
			got[f["path"].(string)] = f["context"].(string)
			if want := filepath.ToSlash(filepath.Join(display, f["path"].(string))); f["file"] != want {
				t.Errorf("file %v, want %s", f["file"], want)
			}
			if f["kind"] != "a GitHub personal access token" || f["rule"] != "github-pat" {
				t.Errorf("finding %v", f)
			}
			if (f["context"] == "code") != (f["context_reason"] == "") {
				t.Errorf("context %v with reason %q", f["context"], f["context_reason"])
			}
		}
		want := map[string]string{"deploy.sh": "code", "internal/testdata/a.sh": "fixture", "docs/setup.md": "docs", "ci/release.sh": "invalid-checksum"}
		for p, c := range want {
			if got[p] != c {
				t.Errorf("scanned as %s: %s context %q, want %q (all: %v)", display, p, got[p], c, got)
			}
		}
		doc, err := json.Marshal(ts[0].Input)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{live[4:20], bad[4:20]} {
			if strings.Contains(string(doc), secret) {
				t.Errorf("the input document holds a secret")
			}
		}
	}
}

// The repository's .gitleaks.toml and .gitleaksignore make what they cover
// "allowed", naming the file; a .gitleaks.toml paved cannot read is a
// diagnostic with its line, and then allows nothing.
func TestSecretsRepoGitleaksConfig(t *testing.T) {
	live := secretstest.GitHubToken("ghp_", "Zq3x9Lm2Pk7WbR8kL2mQ9xV4nT7bZ1")
	fsys := fstest.MapFS{
		".gitleaks.toml":  {Data: []byte("[extend]\nuseDefault = true\n\n[allowlist]\npaths = ['''^generate/''']\n")},
		".gitleaksignore": {Data: []byte("ops/env.sh:github-pat:1\n")},
		"generate/gh.go":  {Data: []byte("tps := \"" + live + "\"\n")},
		"ops/env.sh":      {Data: []byte("export GH_TOKEN=" + live + "\n")},
		"deploy.sh":       {Data: []byte("export GH_TOKEN=" + live + "\n")},
	}
	sc, err := secrets.New()
	if err != nil {
		t.Fatal(err)
	}
	contexts := func(ts []*engine.Target) map[string]string {
		got := map[string]string{}
		for _, s := range ts[0].Input["secrets"].([]any) {
			f := s.(map[string]any)
			got[f["path"].(string)] = f["context"].(string) + ": " + f["context_reason"].(string)
		}
		return got
	}
	ts, err := New(Options{Secrets: sc}).LoadFS(context.Background(), fsys, ".", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := contexts(ts)
	if !strings.HasPrefix(got["generate/gh.go"], "allowed: the repository's .gitleaks.toml allowlists it") ||
		!strings.HasPrefix(got["ops/env.sh"], "allowed: the repository's .gitleaksignore lists it") ||
		got["deploy.sh"] != "code: " {
		t.Errorf("contexts = %v", got)
	}

	fsys[".gitleaks.toml"] = &fstest.MapFile{Data: []byte("[allowlist]\n\npaths = ['''^(generate/''']\n")}
	ts, err = New(Options{Secrets: sc}).LoadFS(context.Background(), fsys, "app", "", nil)
	var diags engine.Diagnostics
	if !errors.As(err, &diags) || len(diags) != 1 || diags[0].File != "app/.gitleaks.toml" || diags[0].Line != 3 ||
		!strings.Contains(diags[0].Message, "does not compile") {
		t.Fatalf("broken .gitleaks.toml: %v", err)
	}
	if got := contexts(ts); !strings.HasPrefix(got["generate/gh.go"], "code") || !strings.HasPrefix(got["ops/env.sh"], "allowed") {
		t.Errorf("with a broken .gitleaks.toml: %v", got)
	}
}
