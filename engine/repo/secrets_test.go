package repo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine/secrets"
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
	if f["line"] != 3 || !strings.HasSuffix(f["file"].(string), "deploy.sh") {
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
