package waiver

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
)

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, s string
		want       bool
	}{
		{"TF-AWS-S3-*", "TF-AWS-S3-001", true},
		{"TF-AWS-S3-*", "TF-AWS-RDS-001", false},
		{"aws_s3_bucket.logs[\"a\"]", "aws_s3_bucket.logs[\"a\"]", true},
		{"aws_s3_bucket.logs[*]", "aws_s3_bucket.logs[0]", true},
		{"infra/*", "infra/prod", true},
		{"infra/*", "infra/prod/db", false},
		{"infra/**", "infra/prod/db", true},
		{"module.db.*", "module.db.aws_db_instance.this[0]", true},
		{"DF-00?", "DF-004", true},
		{"**/Dockerfile", "Dockerfile", true},
		{"**/Dockerfile", "svc/api/Dockerfile", true},
		{"**/Dockerfile", "xDockerfile", false},
		{"DF-00?", "DF-0041", false},
		{"", "x", false},
	} {
		if got := Match(c.pattern, c.s); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

const goodFile = `waivers:
  - id: W-1
    policy: TF-AWS-S3-*
    target: infra/**
    resource: aws_s3_bucket.logs
    reason: the access-log bucket cannot log to itself
    owner: team-platform
    approved_by: security@example.com
    expires: 2027-01-31
  - id: W-2
    policy: DF-004
    reason: base image pinned by the platform team
    owner: team-web
`

func TestParseFile(t *testing.T) {
	ws, err := ParseFile(".paved/waivers.yaml", []byte(goodFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 {
		t.Fatalf("got %d waivers, want 2", len(ws))
	}
	w := ws[0]
	if w.ID != "W-1" || w.Policy != "TF-AWS-S3-*" || w.Target != "infra/**" || w.Expires != "2027-01-31" || w.Owner != "team-platform" || w.ApprovedBy == "" {
		t.Errorf("first waiver read wrong: %+v", w)
	}
	if w.Source.File != ".paved/waivers.yaml" || w.Source.Line != 2 || ws[1].Source.Line != 10 {
		t.Errorf("sources %+v %+v: want lines 2 and 10", w.Source, ws[1].Source)
	}
}

func TestParseFileErrors(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"no reason", "waivers:\n  - id: W-1\n    policy: X\n    owner: me\n", ":2: /waivers/0: missing property 'reason'"},
		{"no owner", "waivers:\n  - id: W-1\n    policy: X\n    reason: r\n", ":2: /waivers/0: missing property 'owner'"},
		{"unknown key", "waivers:\n  - id: W-1\n    policy: X\n    reason: r\n    owner: o\n    expiry: 2027-01-01\n", ":6: /waivers/0: additional properties 'expiry' not allowed"},
		{"bad date", "waivers:\n  - id: W-1\n    policy: X\n    reason: r\n    owner: o\n    expires: 2027-02-30\n", ":6: waiver W-1: expires \"2027-02-30\" is not a date"},
		{"bad date shape", "waivers:\n  - id: W-1\n    policy: X\n    reason: r\n    owner: o\n    expires: next year\n", ":6: /waivers/0/expires:"},
		{"duplicate id", "waivers:\n  - {id: W-1, policy: X, reason: r, owner: o}\n  - {id: W-1, policy: Y, reason: r, owner: o}\n", ":3: waiver id \"W-1\" is already used on line 2"},
		{"syntax", "waivers:\n  - id: [\n", ":2: did not find expected node content"},
		{"not a list", "waivers: yes\n", ":1: /waivers:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseFile("w.yaml", []byte(c.src))
			var we *Error
			if !errors.As(err, &we) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "w.yaml:") {
				t.Errorf("err = %q, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestScanInline(t *testing.T) {
	src := `# paved:ignore TF-AWS-S3-001,TF-AWS-S3-002 reason="logs bucket, replicated elsewhere" expires=2027-01-31

resource "aws_s3_bucket" "logs" {
  bucket = "logs" # paved:ignore TF-AWS-S3-003 reason=legacy owner=team-data
}
// paved:ignore TF-AWS-EC2-001 reason="batch host"
// another comment
resource "aws_instance" "x" {}
locals { s = "# paved:ignore nothing" }
`
	ws, err := scanInline("main.tf", []byte(src), "team-platform")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		policy, owner string
		line, at, end int
	}
	var got []row
	for _, w := range ws {
		got = append(got, row{w.w.Policy, w.w.Owner, w.w.Source.Line, w.at.line, w.at.end})
	}
	want := []row{
		{"TF-AWS-S3-001", "team-platform", 1, 3, 5}, // the block through its closing brace
		{"TF-AWS-S3-002", "team-platform", 1, 3, 5},
		{"TF-AWS-S3-003", "team-data", 4, 4, 4}, // after code: that line
		{"TF-AWS-EC2-001", "team-platform", 6, 8, 8},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("waiver %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if ws[0].w.Reason != "logs bucket, replicated elsewhere" || ws[0].w.Expires != "2027-01-31" || !ws[0].w.Inline {
		t.Errorf("first inline waiver read wrong: %+v", ws[0].w)
	}
	if ws[0].w.ID == ws[1].w.ID {
		t.Error("two policies of one comment share a waiver id")
	}
}

func TestInlineCoversWorkflowStepsAndDockerfileInstructions(t *testing.T) {
	wf := `jobs:
  build:
    steps:
      # paved:ignore REPO-011 reason="title is sanitised upstream"
      - name: greet
        run: echo "${{ github.event.pull_request.title }}"

      - run: make build
`
	ws, err := scanInline("build.yml", []byte(wf), "o")
	if err != nil || len(ws) != 1 || ws[0].at.line != 5 || ws[0].at.end != 6 {
		t.Fatalf("workflow step anchor: %+v %v, want lines 5-6", ws, err)
	}
	df := "FROM alpine\n# paved:ignore DF-008 reason=x\nRUN apk add \\\n    curl\nUSER app\n"
	ws, err = scanInline("Dockerfile", []byte(df), "o")
	if err != nil || len(ws) != 1 || ws[0].at.line != 3 || ws[0].at.end != 4 {
		t.Fatalf("Dockerfile anchor: %+v %v, want lines 3-4", ws, err)
	}
}

func TestScanInlineErrors(t *testing.T) {
	for _, c := range []struct{ src, owner, want string }{
		{"# paved:ignore DF-001\nFROM x\n", "o", "main:1: paved:ignore DF-001 needs reason="},
		{"\n# paved:ignore reason=x\n", "o", "main:2: paved:ignore needs a policy id"},
		{"# paved:ignore DF-001 reason=x expires=soon\n", "o", `main:1: expires="soon" is not a date`},
		{"# paved:ignore DF-001 reason=x until=2027-01-01\n", "o", `unknown key "until"`},
		{"# paved:ignore DF-001 reason=\"open\n", "o", "unterminated quoted value"},
		{"# paved:ignore DF-001 reason=x\n", "", "main:1: inline waiver needs owner="},
	} {
		_, err := scanInline("main", []byte(c.src), c.owner)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("scanInline(%q) err = %v, want %q", c.src, err, c.want)
		}
	}
}

func result(policy, target, resource, file string, line int) engine.Result {
	return engine.Result{Status: engine.StatusFail, Policy: &engine.PolicyRef{ID: policy, Severity: "high"},
		Target: &engine.TargetRef{ID: target, Path: target}, Resource: resource, Location: &engine.Location{File: file, Line: line}}
}

func TestApply(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	file := []*engine.Waiver{
		{ID: "W-active", Policy: "TF-AWS-S3-*", Resource: "aws_s3_bucket.logs", Expires: "2027-06-01"},
		{ID: "W-expiring", Policy: "DF-004", Target: "svc/**", Expires: "2026-12-05"},
		{ID: "W-expired", Policy: "TF-AWS-EC2-*", Expires: "2026-11-24"},
		{ID: "W-today", Policy: "REPO-001", Expires: "2026-11-25"},
		{ID: "W-stale", Policy: "NOPE-1"},
	}
	targets := []*engine.Target{{ID: "infra", Resources: []engine.Resource{
		{Type: "aws_instance", Address: "aws_instance.x[0]", File: "infra/main.tf", Line: 8},
		{Type: "aws_instance", Address: "aws_instance.x[1]", File: "infra/main.tf", Line: 8},
	}}}
	results := []engine.Result{
		result("TF-AWS-S3-001", "infra", "aws_s3_bucket.logs", "infra/main.tf", 3),
		result("TF-AWS-S3-001", "infra", "aws_s3_bucket.data", "infra/main.tf", 12),
		result("DF-004", "svc/api/Dockerfile", "stage[0]", "svc/api/Dockerfile", 2),
		result("TF-AWS-EC2-001", "infra", "aws_instance.x[0]", "infra/main.tf", 8),
		result("TF-AWS-EC2-002", "infra", "aws_instance.x[1]", "infra/main.tf", 9),
		result("REPO-001", ".", ".", "README.md", 1),
		{Status: engine.StatusPass, Policy: &engine.PolicyRef{ID: "TF-AWS-S3-001"}, Resource: "aws_s3_bucket.logs"},
	}
	s := NewSet(file)
	s.inline = []inlineWaiver{{w: &engine.Waiver{ID: "inline:infra/main.tf:7", Policy: "TF-AWS-EC2-002", Expires: "2027-01-01"}, at: anchor{"infra/main.tf", 8, 8}}}
	ws := s.Apply(results, targets, now, true)

	wantStatus := []engine.Status{engine.StatusWaived, engine.StatusFail, engine.StatusWaived, engine.StatusFail, engine.StatusWaived, engine.StatusWaived, engine.StatusPass}
	for i, r := range results {
		if r.Status != wantStatus[i] {
			t.Errorf("result %d (%s %s) status %s, want %s", i, r.Policy.ID, r.Resource, r.Status, wantStatus[i])
		}
	}
	if results[0].WaiverID != "W-active" || results[4].WaiverID != "inline:infra/main.tf:7" {
		t.Errorf("waiver ids %q %q", results[0].WaiverID, results[4].WaiverID)
	}
	got := map[string]string{}
	matched := map[string]int{}
	for _, w := range ws {
		got[w.ID], matched[w.ID] = w.Status, w.Matched
	}
	want := map[string]string{"W-active": "active", "W-expiring": "expiring", "W-expired": "expired", "W-today": "expiring", "W-stale": "stale", "inline:infra/main.tf:7": "active"}
	for id, st := range want {
		if got[id] != st {
			t.Errorf("waiver %s status %q, want %q", id, got[id], st)
		}
	}
	if matched["W-expired"] != 1 {
		t.Errorf("expired waiver matched %d findings, want 1 (it no longer waives, but says what it would have)", matched["W-expired"])
	}

	// A partial run (--staged) sees too little to call a waiver stale.
	s2 := NewSet([]*engine.Waiver{{ID: "W", Policy: "NOPE"}})
	if ws := s2.Apply(nil, nil, now, false); ws[0].Status != engine.WaiverActive {
		t.Errorf("partial run: status %q, want active", ws[0].Status)
	}
}

func FuzzParseFile(f *testing.F) {
	f.Add([]byte(goodFile))
	f.Add([]byte("waivers:\n  - &a {id: x, policy: y, reason: r, owner: o}\n  - *a\n"))
	f.Add([]byte("waivers: [[[[[[[[]]]]]]]]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ws, err := ParseFile("f.yaml", b)
		if err == nil {
			for _, w := range ws {
				if w.ID == "" || w.Policy == "" || w.Reason == "" || w.Owner == "" {
					t.Fatalf("accepted a waiver missing a required key: %+v", w)
				}
			}
		}
	})
}

func FuzzScanInline(f *testing.F) {
	f.Add([]byte("# paved:ignore A,B reason=\"x y\" expires=2027-01-01\nresource \"a\" \"b\" {}\n"))
	f.Add([]byte("x = 1 // paved:ignore A reason=x owner=o"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ws, err := scanInline("f", b, "o")
		if err == nil {
			for _, w := range ws {
				if w.w.Reason == "" || w.w.Policy == "" {
					t.Fatalf("accepted an inline waiver without reason or policy: %+v", w.w)
				}
			}
		}
	})
}

// Inline waivers live in comments: sources of kinds without them (an SBOM)
// are not read again.
func TestScanSourcesReadsOnlyFilesThatHoldComments(t *testing.T) {
	targets := []*engine.Target{
		{Kind: "sbom", ID: "bom.json", Resources: []engine.Resource{{Type: "component", Address: "a", File: "bom.json"}}},
		{Kind: "sbom", ID: "bom.xml", Resources: []engine.Resource{{Type: "component", Address: "a", File: "bom.xml"}}},
		{Kind: "terraform", ID: "infra", Resources: []engine.Resource{{Type: "aws_s3_bucket", Address: "b", File: "infra/main.tf", Line: 2}}},
		// A plan is JSON: no comments, so not read again.
		{Kind: "terraform", ID: "plan.json", Resources: []engine.Resource{{Type: "aws_s3_bucket", Address: "c", File: "plan.json"}}},
		// A kind this package has never heard of: its YAML holds comments.
		{Kind: "kubernetes", ID: "k8s", Resources: []engine.Resource{{Type: "Deployment", Address: "d", File: "k8s/app.yaml"}}},
	}
	var read []string
	s := NewSet(nil)
	err := s.ScanSources(targets, []engine.Result{{Target: &engine.TargetRef{Kind: "sbom"}, Location: &engine.Location{File: "bom.json"}}},
		func(name string) ([]byte, error) {
			read = append(read, name)
			return []byte("# paved:ignore X reason=r owner=o\nresource \"aws_s3_bucket\" \"b\" {}\n"), nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(read, []string{"infra/main.tf", "k8s/app.yaml"}) || len(s.inline) != 2 {
		t.Errorf("read %v, %d inline waivers: want infra/main.tf and k8s/app.yaml, one waiver each", read, len(s.inline))
	}
}

// Waivers a target declares about itself (an SBOM's VEX statements) waive
// exactly their policy, target and resource, before a file waiver does;
// one that waives nothing is left out of the list, never called stale, and
// a file waiver they make redundant is.
func TestApplyTargetDeclaredWaivers(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	vex := func(id, policy, resource string) *engine.Waiver {
		return &engine.Waiver{ID: id, Policy: policy, Target: "bom.json", Resource: resource, Reason: "VEX not_affected",
			Owner: "PSIRT", Origin: engine.WaiverOriginVEX}
	}
	sbom := &engine.Target{Kind: "sbom", ID: "bom.json", Identity: engine.Identity{Path: "bom.json"}, Waivers: []*engine.Waiver{
		vex("VEX-CVE-1:SBOM-011", "SBOM-011", "CVE-1@pkg:npm/a@1"),
		vex("VEX-CVE-1:SBOM-015", "SBOM-015", "CVE-1@pkg:npm/a@1"), // within its SLA: nothing to waive
		vex("VEX-CVE-*:SBOM-011", "SBOM-011", "CVE-*@pkg:npm/a@1"), // no globs: matches only itself
	}}
	other := &engine.Target{Kind: "sbom", ID: "other.json", Identity: engine.Identity{Path: "other.json"}}
	results := []engine.Result{
		result("SBOM-011", "bom.json", "CVE-1@pkg:npm/a@1", "bom.json", 0),
		result("SBOM-011", "bom.json", "CVE-2@pkg:npm/a@1", "bom.json", 0),
		result("SBOM-011", "other.json", "CVE-1@pkg:npm/a@1", "other.json", 0), // same finding, another SBOM
		result("SBOM-099", "bom.json", "CVE-1@pkg:npm/a@1", "bom.json", 0),     // a policy VEX does not waive
	}
	file := []*engine.Waiver{{ID: "W-cve-1", Policy: "SBOM-011", Resource: "CVE-1@pkg:npm/a@1", Target: "bom.json"}}
	ws := NewSet(file).Apply(results, []*engine.Target{sbom, other}, now, true)

	want := []struct {
		status engine.Status
		waiver string
	}{{engine.StatusWaived, "VEX-CVE-1:SBOM-011"}, {engine.StatusFail, ""}, {engine.StatusFail, ""}, {engine.StatusFail, ""}}
	for i, r := range results {
		if r.Status != want[i].status || r.WaiverID != want[i].waiver {
			t.Errorf("result %d (%s %s %s): %s %q, want %s %q", i, r.Policy.ID, r.Target.ID, r.Resource, r.Status, r.WaiverID, want[i].status, want[i].waiver)
		}
	}
	var got []string
	for _, w := range ws {
		got = append(got, fmt.Sprintf("%s %s %d", w.ID, w.Status, w.Matched))
	}
	if g, w := strings.Join(got, ", "), "W-cve-1 stale 0, VEX-CVE-1:SBOM-011 active 1"; g != w {
		t.Errorf("waivers %s\nwant %s", g, w)
	}

	// Only unmatched VEX waivers: nothing to report at all.
	results = []engine.Result{result("SBOM-011", "bom.json", "CVE-2@pkg:npm/a@1", "bom.json", 0)}
	sbom.Waivers[0].Matched = 0
	if ws := NewSet(nil).Apply(results, []*engine.Target{sbom}, now, true); len(ws) != 0 {
		t.Errorf("unmatched VEX waivers reported: %v", ws)
	}
}

// A target glob matches the target's path in its repository whatever the
// path it was checked under (an absolute one included); "*" and "**" match
// every target, so a first waiver with target: "*" applies.
func TestWaiverTargetMatchesIdentity(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	mk := func(id, path string) engine.Result {
		r := result("TF-1", id, "aws_s3_bucket.b", "main.tf", 1)
		r.Target.Path = path
		return r
	}
	for _, tc := range []struct {
		glob  string
		id    string // as checked
		path  string // in the repository
		waive bool
	}{
		{"*", "/home/ci/work/infra/prod", "infra/prod", true},
		{"**", "/home/ci/work/infra/prod", "infra/prod", true},
		{"infra/*", "/home/ci/work/infra/prod", "infra/prod", true},
		{"infra/**", "../checkout/infra/prod/app", "infra/prod/app", true},
		{"prod", "/home/ci/work/infra/prod", "infra/prod", false},
		{"infra/*", "stack", ".", false},
	} {
		results := []engine.Result{mk(tc.id, tc.path)}
		NewSet([]*engine.Waiver{{ID: "W", Policy: "TF-1", Target: tc.glob, Reason: "r", Owner: "o"}}).Apply(results, nil, now, true)
		if got := results[0].Status == engine.StatusWaived; got != tc.waive {
			t.Errorf("target %q on %s (%s): waived %v, want %v", tc.glob, tc.path, tc.id, got, tc.waive)
		}
	}
}
