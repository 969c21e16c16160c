package report

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/internal/testcorpus"
)

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	// SchemaStore's copy of the SARIF 2.1.0 schema, beside the repository.
	sch := compileSchema(t, testcorpus.Schema(t, "schemastore/sarif-2.1.0.json"))
	reports := map[string]*engine.Report{}
	for name, f := range fixtures() {
		reports[name] = f()
	}
	// What the fixtures leave out: a baseline (baselineState on every
	// result) and a waiver written in the code (an inSource suppression).
	r := fullReport()
	r.Baseline = &engine.BaselineInfo{File: "baseline.json", Findings: 2}
	for i := range r.Results {
		switch r.Results[i].Status {
		case engine.StatusFail, engine.StatusWarn:
			r.Results[i].Baseline = i%2 == 0
		case engine.StatusWaived:
			r.Results[i].WaiverID = "inline:infra/prod/s3.tf:39"
		}
	}
	reports["baseline"] = r
	for name, rep := range reports {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := Write(&out, FormatSARIF, rep); err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(decode(t, out.Bytes())); err != nil {
				t.Fatalf("sarif output is not valid SARIF 2.1.0: %v", err)
			}
			if name == "baseline" {
				var log struct {
					Runs []struct {
						Results []struct {
							BaselineState string
							Suppressions  []struct{ Kind string }
						}
					}
				}
				if err := json.Unmarshal(out.Bytes(), &log); err != nil {
					t.Fatal(err)
				}
				seen := map[string]bool{}
				for _, res := range log.Runs[0].Results {
					seen[res.BaselineState] = true
					for _, s := range res.Suppressions {
						seen[s.Kind] = true
					}
				}
				for _, want := range []string{"new", "unchanged", "inSource"} {
					if !seen[want] {
						t.Errorf("no result with %s: the schema did not see it", want)
					}
				}
			}
		})
	}
}

type sarifDoc struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name, Version, SemanticVersion, InformationURI string
				Rules                                          []struct {
					ID               string
					ShortDescription struct{ Text string }
					FullDescription  struct{ Text string }
					Help             struct{ Text, Markdown string }
					Properties       map[string]any
				}
			}
		}
		Results []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI, URIBaseID string }
					Region           struct{ StartLine int }
				}
				LogicalLocations []struct{ FullyQualifiedName string }
			}
			PartialFingerprints map[string]string
			Suppressions        []struct{ Kind, Status, Justification string }
			Properties          map[string]any
		}
	}
}

// TestSARIFForGitHub checks the fields GitHub code scanning reads.
func TestSARIFForGitHub(t *testing.T) {
	r := fullReport()
	var doc sarifDoc
	if err := json.Unmarshal(render(t, FormatSARIF, "full", Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 {
		t.Fatalf("version %q, %d runs; want 2.1.0 and one run", doc.Version, len(doc.Runs))
	}
	run := doc.Runs[0]
	d := run.Tool.Driver
	if d.Name != "paved" || d.Version != "0.4.0" || d.SemanticVersion != "0.4.0" || d.InformationURI == "" {
		t.Errorf("driver = %+v", d)
	}

	// Rules: every policy with a result, none without.
	wantRules := map[string]string{"IMG-SEC-001": "8.0", "REPO-CI-002": "3.0", "REPO-GOV-001": "5.5",
		"TF-AWS-RDS-002": "9.5", "PAVED-LOAD": "9.5", "TF-AWS-S3-001": "8.0", "TF-AWS-SG-004": "5.5", "TF-AWS-TAG-003": "3.0"}
	if len(d.Rules) != len(wantRules) {
		t.Errorf("%d rules, want %d", len(d.Rules), len(wantRules))
	}
	ruleIdx := map[string]int{}
	for i, rule := range d.Rules {
		ruleIdx[rule.ID] = i
		sev, ok := wantRules[rule.ID]
		if !ok {
			t.Errorf("unexpected rule %s", rule.ID)
			continue
		}
		if got := rule.Properties["security-severity"]; got != sev {
			t.Errorf("%s: security-severity = %#v, want the string %q", rule.ID, got, sev)
		}
		if _, err := strconv.ParseFloat(sev, 64); err != nil {
			t.Error(err)
		}
		if rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" || rule.Help.Text == "" || rule.Help.Markdown == "" {
			t.Errorf("%s: missing description or help: %+v", rule.ID, rule)
		}
		tags, _ := rule.Properties["tags"].([]any)
		if len(tags) == 0 || tags[0] != "security" {
			t.Errorf("%s: tags = %v, want security first", rule.ID, tags)
		}
		if rule.Properties["precision"] != "high" {
			t.Errorf("%s: precision = %v", rule.ID, rule.Properties["precision"])
		}
	}
	s3 := d.Rules[ruleIdx["TF-AWS-S3-001"]]
	for _, want := range []string{"aws_s3_bucket_server_side_encryption_configuration", "CIS-AWS-2.1.1", "CKV_AWS_19"} {
		if !strings.Contains(s3.Help.Text, want) || !strings.Contains(s3.Help.Markdown, want) {
			t.Errorf("TF-AWS-S3-001 help lacks %q: %+v", want, s3.Help)
		}
	}

	// Results: fail, warn, error and waived; never passes.
	want := 0
	for _, res := range r.Results {
		if res.Status != "pass" {
			want++
		}
	}
	if len(run.Results) != want {
		t.Errorf("%d results, want %d (all but passes)", len(run.Results), want)
	}
	suppressed := 0
	for _, res := range run.Results {
		if res.Properties["status"] == "pass" {
			t.Errorf("pass result in SARIF: %+v", res)
		}
		if i, ok := ruleIdx[res.RuleID]; !ok || i != res.RuleIndex {
			t.Errorf("result %s: ruleIndex %d, rule at %d", res.RuleID, res.RuleIndex, i)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %s has %d locations, want 1", res.RuleID, len(res.Locations))
		}
		pl := res.Locations[0].PhysicalLocation
		if pl.ArtifactLocation.URI == "" || pl.ArtifactLocation.URIBaseID != "%SRCROOT%" || pl.Region.StartLine < 1 {
			t.Errorf("result %s: location %+v", res.RuleID, pl)
		}
		if len(res.PartialFingerprints["pavedFingerprint/v1"]) != 32 {
			t.Errorf("result %s: partialFingerprints %v", res.RuleID, res.PartialFingerprints)
		}
		if res.Message.Text == "" {
			t.Errorf("result %s: empty message", res.RuleID)
		}
		if len(res.Suppressions) > 0 {
			suppressed++
			if s := res.Suppressions[0]; s.Kind != "external" || s.Justification != "waived by W-2026-014" {
				t.Errorf("suppression = %+v", s)
			}
		}
	}
	if suppressed != 1 {
		t.Errorf("%d suppressed results, want the one waived", suppressed)
	}

	byResource := map[string]int{}
	for i, res := range run.Results {
		byResource[res.Properties["resource"].(string)] = i
	}
	check := func(resource, uri string, line int, level string) {
		t.Helper()
		i, ok := byResource[resource]
		if !ok {
			t.Fatalf("no SARIF result for %s", resource)
		}
		res := run.Results[i]
		pl := res.Locations[0].PhysicalLocation
		if pl.ArtifactLocation.URI != uri || pl.Region.StartLine != line || res.Level != level {
			t.Errorf("%s: uri %q line %d level %s; want %q %d %s", resource, pl.ArtifactLocation.URI, pl.Region.StartLine, res.Level, uri, line, level)
		}
		if ll := res.Locations[0].LogicalLocations; len(ll) != 1 || ll[0].FullyQualifiedName != resource {
			t.Errorf("%s: logicalLocations %+v", resource, ll)
		}
	}
	check("module.db.aws_db_instance.this[0]", "infra/prod/modules/db/main.tf", 14, "error")
	check("services/api/.github/workflows/ci.yml", "services/api/.github/workflows/ci.yml", 1, "note")
	check("services/api", "services/api", 1, "warning")
	check("ghcr.io/acme/api@"+digest('c'), "ghcr.io/acme/api%3A1.4.2", 1, "error")
	check("infra/legacy", "infra/legacy/main.tf", 3, "error")
}

func TestRelativeURI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"infra/prod/main.tf", "infra/prod/main.tf"},
		{"./infra//prod/../main.tf", "infra/main.tf"},
		{"/abs/path.tf", "abs/path.tf"},
		{"dir with space/a%b.tf", "dir%20with%20space/a%25b.tf"},
		{"c:/x.tf", "c%3A/x.tf"},
		{"", "."},
		{"ünï/ok.tf", "%C3%BCn%C3%AF/ok.tf"},
	}
	for _, tt := range tests {
		if got := relativeURI(tt.in); got != tt.want {
			t.Errorf("relativeURI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSemanticVersion(t *testing.T) {
	for v, want := range map[string]string{"0.4.0": "0.4.0", "v1.2.3-rc.1": "1.2.3-rc.1", "dev": "", "1.2": "", "": ""} {
		r := emptyReport()
		r.Tool.Version = v
		var doc sarifDoc
		var buf bytes.Buffer
		if err := Write(&buf, FormatSARIF, r); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if got := doc.Runs[0].Tool.Driver.SemanticVersion; got != want {
			t.Errorf("version %q: semanticVersion %q, want %q", v, got, want)
		}
	}
}

func TestRuleName(t *testing.T) {
	for in, want := range map[string]string{
		"S3 buckets encrypt data at rest":                "S3BucketsEncryptDataAtRest",
		"Security groups do not allow 0.0.0.0/0 ingress": "SecurityGroupsDoNotAllow00000Ingress",
		"": "",
	} {
		if got := ruleName(in); got != want {
			t.Errorf("ruleName(%q) = %q, want %q", in, got, want)
		}
	}
}
