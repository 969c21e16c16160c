package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/waiver"
)

func TestParse(t *testing.T) {
	src := `version: 1
policies: [policies/, oci://reg.example.com/p:v1]
data: [params.yaml]
waivers: exceptions.yaml
fail_on: critical
secrets: strict
no_builtin: true
exclude: [testdata/]
overrides:
  - policy: REPO-006
    enforcement: warn
    until: 2027-03-31
  - policy: TF-AWS-S3-*
    enforcement: warn
`
	c, err := Parse(filepath.Join("repo", FileName), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.Policies[0] != filepath.Join("repo", "policies") || c.Policies[1] != "oci://reg.example.com/p:v1" {
		t.Errorf("policies %q: want the directory relative to the config, the OCI ref untouched", c.Policies)
	}
	if c.Data[0] != filepath.Join("repo", "params.yaml") || c.Waivers != filepath.Join("repo", "exceptions.yaml") {
		t.Errorf("data %q waivers %q", c.Data, c.Waivers)
	}
	if c.FailOn != "critical" || c.Secrets != "strict" || !c.NoBuiltin || c.Exclude[0] != "testdata/" || len(c.Overrides) != 2 || c.Overrides[0].Until != "2027-03-31" {
		t.Errorf("config read wrong: %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"fail_on: urgent\n", ".paved.yaml:1: fail_on: value must be one of"},
		{"version: 1\nfailon: high\n", ".paved.yaml:2: document: additional properties 'failon' not allowed"},
		{"policies: policies/\n", ".paved.yaml:1: policies: got string, want array"},
		{"overrides:\n  - policy: X\n    enforcement: block\n", ".paved.yaml:3: overrides/0/enforcement: value must be one of"},
		{"overrides:\n  - policy: X\n    enforcement: warn\n    until: 2027-02-31\n", ".paved.yaml:2: overrides: until \"2027-02-31\" is not a date"},
		{"exclude: [\n", ".paved.yaml:1: did not find expected node content"},
		{"secrets: lenient\n", ".paved.yaml:1: secrets: value must be one of"},
		{"kpi:\n  sla:\n    critical: 7\n    urgent: 3\n", ".paved.yaml:4: kpi/sla: additional properties 'urgent' not allowed"},
		{"kpi:\n  sla:\n    high: 0\n", ".paved.yaml:3: kpi/sla/high: minimum: got 0, want 1"},
		{"kpi:\n  sla:\n    high: 2.5\n", ".paved.yaml:3: kpi/sla/high: got number, want integer"},
		{"kpi:\n  sla:\n    low: soon\n", ".paved.yaml:3: kpi/sla/low: got string, want integer"},
		{"kpi:\n  stale_days: -1\n", ".paved.yaml:2: kpi/stale_days: minimum: got -1, want 1"},
		{"kpi:\n  slas: {}\n", ".paved.yaml:2: kpi: additional properties 'slas' not allowed"},
	} {
		_, err := Parse(FileName, []byte(c.src))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Parse(%q) err = %v, want prefix %q", c.src, err, c.want)
		}
	}
}

func TestParseKPI(t *testing.T) {
	c, err := Parse(FileName, []byte("kpi:\n  sla:\n    critical: 14\n    low: 365\n  stale_days: 45\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.KPI.SLA, map[string]int{"critical": 14, "low": 365}) || c.KPI.StaleDays != 45 {
		t.Errorf("kpi read as %+v", c.KPI)
	}
	if c, err := Parse(FileName, []byte("fail_on: high\n")); err != nil || c.KPI.SLA != nil || c.KPI.StaleDays != 0 {
		t.Errorf("no kpi section: %+v, %v", c.KPI, err)
	}
}

func TestStarterFilesAreValid(t *testing.T) {
	c, err := Parse(FileName, Starter)
	if err != nil {
		t.Fatalf("the starter config is invalid: %v", err)
	}
	if c.FailOn != "high" {
		t.Errorf("starter fail_on %q", c.FailOn)
	}
	if _, err := waiver.ParseFile(DefaultWaivers, []byte(StarterWaivers)); err != nil {
		t.Fatalf("the starter waivers file is invalid: %v", err)
	}
}

func TestFindStopsAtRepositoryRoot(t *testing.T) {
	top := t.TempDir()
	repo := filepath.Join(top, "repo")
	sub := filepath.Join(repo, "infra", "prod")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(repo, ".git"), 0o755)
	// A config above the repository is not this repository's.
	os.WriteFile(filepath.Join(top, FileName), []byte("version: 1\n"), 0o644)
	if got, err := Find(sub); err != nil || got != "" {
		t.Fatalf("Find = %q, %v; want none (stop at the repository root)", got, err)
	}
	os.WriteFile(filepath.Join(repo, FileName), []byte("version: 1\n"), 0o644)
	want, _ := filepath.EvalSymlinks(filepath.Join(repo, FileName))
	for _, from := range []string{sub, filepath.Join(sub, "main.tf")} {
		got, _ := Find(from)
		if abs, _ := filepath.Abs(got); abs != want && abs != filepath.Join(repo, FileName) {
			t.Errorf("Find(%s) = %q, want the repository's", from, got)
		}
	}
}

func TestLoadFindsDefaultWaivers(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, ".paved"), 0o755)
	os.WriteFile(filepath.Join(dir, DefaultWaivers), []byte("waivers: []\n"), 0o644)
	os.WriteFile(filepath.Join(dir, FileName), []byte("version: 1\n"), 0o644)
	c, err := Load(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if c.Waivers != filepath.Join(dir, DefaultWaivers) {
		t.Errorf("waivers %q, want the default file beside the config", c.Waivers)
	}
}

func TestApplyOverrides(t *testing.T) {
	c := &Config{Overrides: []Override{
		{Policy: "REPO-006", Enforcement: "warn", Until: "2026-12-31"},
		{Policy: "TF-AWS-S3-*", Enforcement: "warn", Until: "2026-01-31"}, // rollout over: deny again
		{Policy: "DF-010", Enforcement: "deny"},
	}}
	ps := []*engine.Policy{
		{ID: "REPO-006", Enforcement: "deny"}, {ID: "TF-AWS-S3-001", Enforcement: "deny"}, {ID: "DF-010", Enforcement: "warn"}, {ID: "DF-001", Enforcement: "deny"},
	}
	changed := c.ApplyOverrides(ps, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	want := []string{"warn", "deny", "deny", "deny"}
	for i, p := range ps {
		if p.Enforcement != want[i] {
			t.Errorf("%s enforcement %s, want %s", p.ID, p.Enforcement, want[i])
		}
	}
	if strings.Join(changed, ",") != "REPO-006,DF-010" {
		t.Errorf("changed %v", changed)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(Starter)
	f.Add([]byte("overrides: [{policy: a, enforcement: warn, until: 2027-01-01}]"))
	f.Add([]byte("kpi:\n  sla: {critical: 7, high: 0x1e, <<: {low: 180}}\n  stale_days: 30\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Parse(FileName, b)
	})
}

func TestParseTrust(t *testing.T) {
	c, err := Parse("/repo/.paved.yaml", []byte(`trust:
  keys: [keys/cosign.pub, "awskms:///arn:aws:kms:eu-west-1:1:key/x"]
  identities: ["https://token.actions.githubusercontent.com=^https://github.com/acme/"]
  trusted_root: sigstore/trusted_root.json
`))
	if err != nil {
		t.Fatal(err)
	}
	want := Trust{
		Keys:        []string{filepath.Join("/repo", "keys/cosign.pub"), "awskms:///arn:aws:kms:eu-west-1:1:key/x"},
		Identities:  []string{"https://token.actions.githubusercontent.com=^https://github.com/acme/"},
		TrustedRoot: filepath.Join("/repo", "sigstore/trusted_root.json"),
	}
	if !reflect.DeepEqual(c.Trust, want) {
		t.Errorf("trust = %+v, want %+v", c.Trust, want)
	}
	_, err = Parse("/repo/.paved.yaml", []byte("trust:\n  identities:\n    - just-an-issuer\n"))
	if err == nil || !strings.Contains(err.Error(), ".paved.yaml:3") {
		t.Errorf("identity without subject: %v", err)
	}
}
