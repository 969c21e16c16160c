package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The database is read only when an SBOM needs it; a broken one then fails
// the run, and a missing one fails every run.
func TestVulnDBLoadedWhenNeeded(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "db")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "X-1.json"), []byte(`{"id": "X-1", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"fixed": "1"}]}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tf := filepath.Join(dir, "tf")
	os.MkdirAll(tf, 0o755)
	os.WriteFile(filepath.Join(tf, "main.tf"), []byte("locals {\n  a = 1\n}\n"), 0o644)
	ps := builtin(t)
	if _, err := Judge(context.Background(), ps, Options{Paths: []string{tf}, VulnDB: bad}); err != nil {
		t.Errorf("no SBOM, the database is not read: %v", err)
	}
	bom := filepath.Join(dir, "bom.json")
	os.WriteFile(bom, []byte(`{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
	  "components": [{"type": "library", "name": "a", "version": "0.1.0", "purl": "pkg:npm/a@0.1.0"}]}`), 0o644)
	_, err := Judge(context.Background(), ps, Options{Paths: []string{bom}, VulnDB: bad})
	if err == nil || !strings.Contains(err.Error(), "X-1.json") || !strings.Contains(err.Error(), "no introduced event") {
		t.Errorf("broken database: %v", err)
	}
	if _, err := Judge(context.Background(), ps, Options{Paths: []string{tf}, VulnDB: filepath.Join(dir, "absent")}); err == nil {
		t.Error("a missing database must fail the run")
	}
}
