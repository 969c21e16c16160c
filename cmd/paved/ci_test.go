package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	for _, tt := range []struct {
		ldflags, module, want string
	}{
		{"v1.0.0", "v0.9.0", "v1.0.0"}, // -ldflags wins
		{"dev", "v1.2.3", "v1.2.3"},    // go install …@v1.2.3
		{"dev", "v0.0.0-20260101000000-abcdef123456", "v0.0.0-20260101000000-abcdef123456"},
		{"dev", "(devel)", "dev"}, // go build in a checkout
		{"dev", "", "dev"},
	} {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/paved-dev/paved", Version: tt.module}}
		if got := buildVersion(tt.ldflags, bi); got != tt.want {
			t.Errorf("buildVersion(%q, %q) = %q, want %q", tt.ldflags, tt.module, got, tt.want)
		}
	}
}

// paved ci github, outside Actions: files given by flag, a report that is
// not one, a report that is missing after a failed check.
func TestCIGitHub(t *testing.T) {
	dir := t.TempDir()
	rep := filepath.Join(dir, "r.json")
	if code, _, errs := paved(t, "check", "../../examples/terraform/insecure-stack", "-f", "json", "-o", "json="+rep); code != 1 {
		t.Fatalf("check: exit %d %s", code, errs)
	}
	sum, outs := filepath.Join(dir, "summary.md"), filepath.Join(dir, "outputs")
	code, out, errs := paved(t, "ci", "github", "--report", rep, "--summary", sum, "--outputs", outs, "--exit-code", "1",
		"--sarif", filepath.Join(dir, "absent.sarif"), "--event", "", "--max-errors", "1", "--max-warnings", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Count(out, "::error ") != 1 || strings.Count(out, "::warning ") != 1 || !strings.Contains(out, "::notice title=paved::28 more findings") {
		t.Errorf("annotations:\n%s", out)
	}
	o, _ := os.ReadFile(outs)
	if !strings.HasPrefix(string(o), "exit-code=1\nfailed=28\nblocking=10\n") || strings.Contains(string(o), "sarif=") || !strings.Contains(string(o), "json="+rep+"\n") {
		t.Errorf("outputs (a SARIF file not written is no output):\n%s", o)
	}
	s, _ := os.ReadFile(sum)
	if !strings.Contains(string(s), "❌ **10 blocking findings**") || !strings.Contains(string(s), "2 of 30 findings annotated.") {
		t.Errorf("summary:\n%s", s)
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n\"schema\": \"paved.report/v1\",\n\"results\": 7\n}"), 0o644)
	if code, _, errs := paved(t, "ci", "github", "--report", bad, "--summary", "", "--outputs", ""); code != 2 || !strings.Contains(errs, bad+":3:") {
		t.Errorf("a malformed report: exit %d: %s", code, errs)
	}
	missing := filepath.Join(dir, "missing.json")
	if code, _, errs := paved(t, "ci", "github", "--report", missing, "--summary", "", "--outputs", ""); code != 2 || !strings.Contains(errs, "missing.json") {
		t.Errorf("a missing report after a clean check: exit %d: %s", code, errs)
	}
	os.Remove(outs)
	if code, _, errs := paved(t, "ci", "github", "--report", missing, "--exit-code", "2", "--summary", sum, "--outputs", outs); code != 0 {
		t.Errorf("a missing report after a failed check: exit %d: %s", code, errs)
	}
	if o, _ := os.ReadFile(outs); string(o) != "exit-code=2\n" {
		t.Errorf("outputs: %q", o)
	}
	event := filepath.Join(dir, "event.json")
	os.WriteFile(event, []byte(`{"pull_request":{"base":{"sha":"0123456789012345678901234567890123456789"}}}`), 0o644)
	code, out, errs = paved(t, "ci", "github", "--report", rep, "--summary", "", "--outputs", "", "--event", event)
	if code != 0 || !strings.Contains(out, "::warning title=paved::cannot limit annotations to the lines changed since 0123456789012345678901234567890123456789") {
		t.Errorf("a base that is not there: exit %d %s\n%s", code, errs, out)
	}
	if code, _, errs := paved(t, "ci", "github", "--summary", ""); code != 2 || !strings.Contains(errs, "report") {
		t.Errorf("no --report: exit %d %s", code, errs)
	}
}
