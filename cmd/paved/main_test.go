package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

// paved runs the CLI in-process and returns exit code, stdout and stderr.
func paved(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func jsonReport(t *testing.T, s string) *engine.Report {
	t.Helper()
	var r engine.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, s)
	}
	return &r
}

func TestCheckInsecureStackBlocks(t *testing.T) {
	code, out, errs := paved(t, "check", "../../examples/terraform/insecure-stack")
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	for _, want := range []string{"TF-AWS-S3-001", "module.assets.aws_s3_bucket.this", "main.tf:", "critical"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckCompliantStackPasses(t *testing.T) {
	code, out, errs := paved(t, "check", "../../examples/terraform/compliant-stack", "--fail-on", "low", "--format", "json")
	rep := jsonReport(t, out)
	if code != 0 {
		for _, r := range rep.Results {
			if r.Status != engine.StatusPass {
				t.Errorf("%s %s %s: %s", r.Status, r.Policy.ID, r.Resource, r.Message)
			}
		}
		t.Fatalf("exit %d, want 0; stderr: %s", code, errs)
	}
	if rep.Summary.Pass == 0 || rep.Summary.Fail != 0 {
		t.Fatalf("summary %+v", rep.Summary)
	}
}

func TestCheckFailOn(t *testing.T) {
	// The insecure stack has critical findings, so it blocks at every level.
	code, out, _ := paved(t, "check", "../../examples/terraform/insecure-stack", "--fail-on", "critical", "-f", "json")
	rep := jsonReport(t, out)
	if code != 1 || rep.FailOn != "critical" || rep.Summary.Blocking == 0 || rep.Summary.Blocking >= rep.Summary.Fail {
		t.Fatalf("exit %d, summary %+v: want only critical findings blocking", code, rep.Summary)
	}
	if code, _, errs := paved(t, "check", ".", "--fail-on", "severe"); code != 2 || !strings.Contains(errs, "--fail-on") {
		t.Fatalf("bad --fail-on: exit %d, %s", code, errs)
	}
}

func TestCheckSyntaxErrorExit2(t *testing.T) {
	code, out, errs := paved(t, "check", "testdata/tf-bad", "-f", "json")
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(errs, "main.tf:6") {
		t.Errorf("stderr lacks file:line: %s", errs)
	}
	rep := jsonReport(t, out)
	if rep.Summary.Error == 0 {
		t.Errorf("no error result in report: %+v", rep.Summary)
	}
}

func TestCheckUserPolicyAndData(t *testing.T) {
	args := []string{"check", "testdata/tf-tags", "--no-builtin", "--policy", "testdata/policies", "-f", "json", "--fail-on", "low"}
	code, out, errs := paved(t, args...)
	rep := jsonReport(t, out)
	if code != 1 || rep.Summary.Fail != 1 || rep.Summary.Pass != 1 || rep.PolicySet.Count != 1 {
		t.Fatalf("exit %d, summary %+v, stderr %s", code, rep.Summary, errs)
	}
	code, out, _ = paved(t, append(args, "--data", "testdata/params.yaml")...)
	if rep := jsonReport(t, out); code != 0 || rep.Summary.Pass != 2 {
		t.Fatalf("with --data: exit %d, summary %+v", code, rep.Summary)
	}
}

func TestCheckOutputs(t *testing.T) {
	dir := t.TempDir()
	sarif, junit := filepath.Join(dir, "r.sarif"), filepath.Join(dir, "out", "r.xml")
	code, _, errs := paved(t, "check", "../../examples/terraform/insecure-stack", "-o", "sarif="+sarif, "--output", "junit="+junit, "-f", "markdown")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, p := range []string{sarif, junit} {
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 {
			t.Fatalf("%s not written: %v", p, err)
		}
	}
	if code, _, errs := paved(t, "check", ".", "-o", "pdf=x.pdf"); code != 2 || !strings.Contains(errs, "pdf") {
		t.Fatalf("bad --output: exit %d %s", code, errs)
	}
}

func TestCheckMissingPath(t *testing.T) {
	code, _, errs := paved(t, "check", "does/not/exist")
	if code != 2 || !strings.Contains(errs, "does/not/exist") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

func TestPolicyList(t *testing.T) {
	code, out, _ := paved(t, "policy", "list", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var pols []map[string]any
	if err := json.Unmarshal([]byte(out), &pols); err != nil {
		t.Fatal(err)
	}
	if len(pols) < 45 {
		t.Errorf("%d built-in policies, want at least 45", len(pols))
	}
	for _, p := range pols {
		for _, k := range []string{"id", "severity", "kind", "title", "controls", "related"} {
			if _, ok := p[k]; !ok {
				t.Errorf("policy %v lacks %s", p["id"], k)
			}
		}
	}
	code, out, _ = paved(t, "policy", "list")
	if code != 0 || !strings.Contains(out, "TF-AWS-S3-001") || !strings.HasPrefix(out, "ID") {
		t.Fatalf("table: exit %d\n%s", code, out)
	}
}

func TestPolicyDocs(t *testing.T) {
	code, out, _ := paved(t, "policy", "docs")
	if code != 0 || !strings.Contains(out, "### TF-AWS-S3-001") || !strings.Contains(out, "Remediation:") {
		t.Fatalf("exit %d\n%.500s", code, out)
	}
}

func TestPolicyTest(t *testing.T) {
	code, out, errs := paved(t, "policy", "test", "testdata/policies", "--coverage")
	if code != 0 || !strings.Contains(out, "2 tests, 2 passed, 0 failed") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	// A failing test is exit 1.
	dir := t.TempDir()
	for _, f := range []string{"instance_type.rego", "instance_type_test.rego"} {
		b, _ := os.ReadFile(filepath.Join("testdata/policies", f))
		b = bytes.ReplaceAll(b, []byte(`count(instance_type.deny) == 0`), []byte(`count(instance_type.deny) == 5`))
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	if code, out, _ := paved(t, "policy", "test", dir); code != 1 || !strings.Contains(out, "FAIL") {
		t.Fatalf("failing test: exit %d\n%s", code, out)
	}
}

// docs/policies.md is generated; it must match the built-in policies.
func TestPolicyCatalogUpToDate(t *testing.T) {
	code, out, _ := paved(t, "policy", "docs")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	b, err := os.ReadFile("../../docs/policies.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != out {
		t.Fatal("docs/policies.md is stale: run `make docs`")
	}
}

// --var and --var-file reach the Terraform loader: the variable decides the
// instance type the user policy judges.
func TestCheckVariables(t *testing.T) {
	base := []string{"check", "testdata/tf-tags", "--no-builtin", "--policy", "testdata/policies", "-f", "json", "--fail-on", "low"}
	code, out, errs := paved(t, append(base, "--var", "type=m5.24xlarge")...)
	if rep := jsonReport(t, out); code != 1 || rep.Summary.Fail != 2 {
		t.Fatalf("--var: exit %d, summary %+v, %s", code, rep.Summary, errs)
	}
	vf := filepath.Join(t.TempDir(), "big.tfvars")
	os.WriteFile(vf, []byte(`type = "m5.24xlarge"`+"\n"), 0o644)
	code, out, errs = paved(t, append(base, "--var-file", vf)...)
	if rep := jsonReport(t, out); code != 1 || rep.Summary.Fail != 2 {
		t.Fatalf("--var-file: exit %d, summary %+v, %s", code, rep.Summary, errs)
	}
	if code, _, errs := paved(t, append(base, "--var", "novalue")...); code != 2 || !strings.Contains(errs, "NAME=VALUE") {
		t.Fatalf("bad --var: exit %d %s", code, errs)
	}
	if code, _, errs := paved(t, "--log-format", "xml", "version"); code != 2 || !strings.Contains(errs, "log-format") {
		t.Fatalf("bad --log-format: exit %d %s", code, errs)
	}
}

func TestCheckExclude(t *testing.T) {
	if code, _, _ := paved(t, "check", "testdata"); code != 2 {
		t.Fatalf("testdata holds a broken module: exit %d, want 2", code)
	}
	code, out, errs := paved(t, "check", "testdata", "--exclude", "tf-bad/", "-f", "json")
	if code == 2 {
		t.Fatalf("excluded broken module still read: %s", errs)
	}
	for _, tg := range jsonReport(t, out).Targets {
		if strings.Contains(tg.ID, "tf-bad") {
			t.Fatalf("excluded target %s judged", tg.ID)
		}
	}
}

// paved holds itself to its own golden path (fixtures and examples are
// deliberately non-compliant, so they are excluded, and so is the secret
// scanner's rule file, whose examples look like secrets: an allowlist entry
// for it would ship to every user).
func TestPavedPassesItsOwnGoldenPath(t *testing.T) {
	if _, err := os.Stat("../../.git"); err != nil {
		t.Skip("not a git checkout: the repository target needs one")
	}
	code, out, errs := paved(t, "check", "../..", "--exclude", "testdata/", "--exclude", "examples/",
		"--exclude", "engine/secrets/gitleaks-rules.json", "-f", "json")
	rep := jsonReport(t, out)
	var repoTarget bool
	for _, tg := range rep.Targets {
		repoTarget = repoTarget || tg.Kind == "repo"
	}
	if code != 0 || !repoTarget || rep.Summary.Fail+rep.Summary.Warn > 0 {
		for _, r := range rep.Results {
			if r.Status != engine.StatusPass {
				t.Errorf("%s %s %s: %s", r.Status, r.Policy.ID, r.Resource, r.Message)
			}
		}
		t.Fatalf("exit %d (repo target judged: %v): %s", code, repoTarget, errs)
	}
}

// --baseline gates only on new findings; fingerprints survive line moves.
func TestCheckBaseline(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile("../../examples/terraform/insecure-stack/main.tf")
	os.MkdirAll(filepath.Join(dir, "stack", "modules", "bucket"), 0o755)
	os.WriteFile(filepath.Join(dir, "stack", "main.tf"), src, 0o644)
	for _, f := range []string{"variables.tf", "modules/bucket/main.tf"} {
		b, _ := os.ReadFile("../../examples/terraform/insecure-stack/" + f)
		os.WriteFile(filepath.Join(dir, "stack", f), b, 0o644)
	}
	stack := filepath.Join(dir, "stack")
	code, out, _ := paved(t, "check", stack, "-f", "json")
	if code != 1 {
		t.Fatalf("first run: exit %d", code)
	}
	base := filepath.Join(dir, "base.json")
	os.WriteFile(base, []byte(out), 0o644)

	// Move every block down and add one new finding.
	moved := "# moved\n\n\n" + string(src) + "\nresource \"aws_ebs_volume\" \"new\" {\n  availability_zone = \"eu-west-1a\"\n  size = 10\n}\n"
	os.WriteFile(filepath.Join(stack, "main.tf"), []byte(moved), 0o644)
	sarif := filepath.Join(dir, "r.sarif")
	code, out, errs := paved(t, "check", stack, "-f", "json", "--baseline", base, "-o", "sarif="+sarif)
	rep := jsonReport(t, out)
	validate(t, "../../schemas/paved.report.v1.json", out)
	if rep.Baseline == nil || rep.Summary.Baseline == 0 {
		t.Fatalf("no finding matched the baseline: %+v (%s)", rep.Summary, errs)
	}
	var blocking []string
	for _, r := range rep.Results {
		if r.Blocking(rep.FailOn) {
			blocking = append(blocking, r.Policy.ID+" "+r.Resource)
		}
	}
	if code != 1 || len(blocking) != 1 || !strings.Contains(blocking[0], "aws_ebs_volume.new") {
		t.Fatalf("exit %d, blocking %v: only the new volume may block", code, blocking)
	}
	b, _ := os.ReadFile(sarif)
	if !strings.Contains(string(b), `"baselineState": "unchanged"`) || !strings.Contains(string(b), `"baselineState": "new"`) {
		t.Error("SARIF lacks baselineState")
	}
	if code, _, errs := paved(t, "check", stack, "--baseline", filepath.Join(stack, "main.tf")); code != 2 || !strings.Contains(errs, "--baseline") {
		t.Fatalf("a non-report baseline: exit %d %s", code, errs)
	}
}

// --kind takes the kinds paved reads, and says which when given another.
func TestPolicyListKind(t *testing.T) {
	if code, _, errs := paved(t, "policy", "list", "--kind", "imagez"); code != 2 || !strings.Contains(errs, "terraform") {
		t.Errorf("--kind imagez: exit %d, %s", code, errs)
	}
	code, out, _ := paved(t, "policy", "list", "--kind", "sbom", "-f", "json")
	if code != 0 || !strings.Contains(out, `"SBOM-001"`) || strings.Contains(out, `"TF-`) {
		t.Errorf("--kind sbom: exit %d", code)
	}
}
