package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeModule(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Terraform that Terraform itself rejects is not passed on unknowns: each
// form is a file:line diagnostic and the check exits 2.
func TestCheckTerraformInvalidReferencesExit2(t *testing.T) {
	for name, tt := range map[string]struct{ expr, want string }{
		"bare identifier":     {"False", "main.tf:3:23: Invalid reference"},
		"undeclared variable": {"var.nope", "main.tf:3:23: Reference to undeclared input variable"},
		"undeclared local":    {"local.nope", "main.tf:3:23: Reference to undeclared local value"},
		"undeclared module":   {"module.nope.encrypted", "main.tf:3:23: Reference to undeclared module"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeModule(t, "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"eu-west-1a\"\n  encrypted         = "+tt.expr+"\n}\n")
			code, out, errs := paved(t, "check", dir, "--fail-on", "critical")
			if code != 2 {
				t.Fatalf("exit %d, want 2\nstdout:\n%s\nstderr:\n%s", code, out, errs)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, errs)
			}
		})
	}
}

// A value known only after apply is unknown, never a failure; a resource
// the fragment does not declare is a warning, not an error.
func TestCheckTerraformUnknownIsNoFailure(t *testing.T) {
	dir := writeModule(t, `resource "aws_kms_key" "k" {}
resource "aws_ebs_volume" "computed" {
  availability_zone = "eu-west-1a"
  encrypted         = aws_kms_key.k.enable_key_rotation
}
resource "aws_ebs_volume" "fragment" {
  availability_zone = "eu-west-1a"
  encrypted         = aws_kms_key.elsewhere.enable_key_rotation
}
`)
	code, out, errs := paved(t, "check", dir, "--fail-on", "low", "--format", "json")
	if code == 2 {
		t.Fatalf("exit 2\nstderr:\n%s", errs)
	}
	rep := jsonReport(t, out)
	for _, r := range rep.Results {
		if r.Policy.ID == "TF-AWS-EBS-001" && r.Status != "pass" {
			t.Errorf("%s %s: %s %s", r.Policy.ID, r.Resource, r.Status, r.Message)
		}
	}
	if want := `main.tf:8:23: Reference to undeclared resource: A managed resource \"aws_kms_key\" \"elsewhere\" has not been declared in the root module.`; !strings.Contains(errs, want) {
		t.Errorf("stderr lacks the warning %s:\n%s", want, errs)
	}
}
