package oscal

import (
	"fmt"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
)

// Reports built by hand: fixed times, ids and digests, so the golden
// output is deterministic.

var (
	fixtureStart = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	fixtureEnd   = fixtureStart.Add(1500 * time.Millisecond)
)

func digest(c byte) string { return "sha256:" + strings.Repeat(string(c), 64) }

func fixturePolicies() []*engine.Policy {
	return []*engine.Policy{
		{ID: "IMG-SEC-001", Title: "Images do not run as root", Severity: "high", Kind: "image",
			Controls: []string{"CIS-Docker-4.1", "NIST-800-53:AC-6"}, Enforcement: "deny", File: "builtin/image/user.rego"},
		{ID: "REPO-GOV-001", Title: "Repositories have a CODEOWNERS file", Severity: "medium", Kind: "repo",
			Controls: []string{"SOC2:CC8.1"}, Enforcement: "deny", File: "builtin/repo/codeowners.rego"},
		{ID: "TF-AWS-RDS-002", Title: "RDS instances are not publicly accessible", Severity: "critical", Kind: "terraform",
			Controls: []string{"CIS-AWS-2.3.3", "NIST-800-53:AC-3"}, Enforcement: "deny", File: "builtin/terraform/aws/rds_public.rego"},
		{ID: "TF-AWS-S3-001", Title: "S3 buckets encrypt data at rest", Severity: "high", Kind: "terraform",
			Controls: []string{"CIS-AWS-2.1.1", "NIST-800-53:SC-28", "SOC2:CC6.1"}, Enforcement: "deny", File: "builtin/terraform/aws/s3_encryption.rego"},
		{ID: "TF-AWS-TAG-003", Title: "Resources carry an owner tag", Severity: "low", Kind: "terraform",
			Controls: []string{}, Enforcement: "warn", File: "builtin/terraform/aws/tags.rego"},
	}
}

func policyDigests() map[string]string {
	out := map[string]string{}
	for i, p := range fixturePolicies() {
		out[p.File] = digest("0123456789"[i])
	}
	return out
}

func ref(ps []*engine.Policy, id string) *engine.PolicyRef {
	for _, p := range ps {
		if p.ID == id {
			r := p.Ref()
			return &r
		}
	}
	panic("no policy " + id)
}

func result(ps []*engine.Policy, status engine.Status, policy string, t *engine.TargetRef, resource, msg, file string, line int) engine.Result {
	r := engine.Result{Status: status, Policy: ref(ps, policy), Target: t, Resource: resource, Message: msg,
		Fingerprint: engine.Fingerprint(policy, t.Identity(), resource)}
	if file != "" {
		r.Location = &engine.Location{File: file, Line: line}
	}
	return r
}

func newReport(ps []*engine.Policy, targets []engine.TargetSummary, results []engine.Result) *engine.Report {
	return &engine.Report{
		Schema:    engine.ReportSchema,
		Tool:      engine.Tool{Name: "paved", Version: "0.4.0"},
		Run:       engine.Run{ID: "3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7", StartedAt: fixtureStart, FinishedAt: fixtureEnd, DurationMS: 1500},
		PolicySet: engine.PolicySetInfo{Digest: digest('e'), Count: len(ps)},
		FailOn:    engine.SeverityHigh,
		Targets:   targets,
		Policies:  ps,
		Results:   results,
		Summary:   engine.Summarize(results, engine.SeverityHigh),
	}
}

// smallReport: a Terraform module with a pass, a failure and an advisory,
// a repository that fails, an image that passes.
func smallReport() *engine.Report {
	ps := fixturePolicies()
	prod := &engine.TargetRef{Kind: "terraform", ID: "infra/prod", Repo: "github.com/acme/platform", Path: "infra/prod", Digest: digest('a'), Owner: "team-platform"}
	repo := &engine.TargetRef{Kind: "repo", ID: ".", Repo: "github.com/acme/platform", Path: ".", Digest: digest('b')}
	img := &engine.TargetRef{Kind: "image", ID: "ghcr.io/acme/api:1.4.2", Path: "ghcr.io/acme/api", Digest: digest('c')}
	return newReport(ps, []engine.TargetSummary{{TargetRef: *prod, Resources: 3}, {TargetRef: *repo, Resources: 1}, {TargetRef: *img, Resources: 1}},
		[]engine.Result{
			result(ps, engine.StatusPass, "TF-AWS-S3-001", prod, "aws_s3_bucket.assets", "", "infra/prod/s3.tf", 20),
			result(ps, engine.StatusFail, "TF-AWS-S3-001", prod, "aws_s3_bucket.logs", `bucket "logs" has no server-side encryption`, "infra/prod/s3.tf", 3),
			result(ps, engine.StatusWarn, "TF-AWS-TAG-003", prod, "aws_s3_bucket.logs", "bucket has no owner tag", "infra/prod/s3.tf", 3),
			result(ps, engine.StatusPass, "TF-AWS-RDS-002", prod, "aws_db_instance.main", "", "infra/prod/db.tf", 1),
			result(ps, engine.StatusFail, "REPO-GOV-001", repo, ".", "no CODEOWNERS file", "", 0),
			result(ps, engine.StatusPass, "IMG-SEC-001", img, "ghcr.io/acme/api@"+digest('c'), "", "", 0),
		})
}

// waiversReport: waivers of every standing (approved, owner only, expired,
// stale, VEX), a policy that could not evaluate, and an input that could
// not be read.
func waiversReport() *engine.Report {
	rep := smallReport()
	ps := rep.Policies
	prod := rep.Results[0].Target
	legacy := &engine.TargetRef{Kind: "terraform", ID: "infra/legacy", Repo: "github.com/acme/platform", Path: "infra/legacy"}
	rep.Targets = append(rep.Targets, engine.TargetSummary{TargetRef: *legacy, Error: "infra/legacy/main.tf:3: Argument or block definition required"})
	load := engine.LoadPolicy
	rep.Results = append(rep.Results,
		engine.Result{Status: engine.StatusError, Policy: &load, Target: legacy, Resource: "infra/legacy",
			Message: "infra/legacy/main.tf:3: Argument or block definition required", Location: &engine.Location{File: "infra/legacy/main.tf", Line: 3},
			Fingerprint: engine.Fingerprint(load.ID, legacy.Identity(), "infra/legacy")},
		result(ps, engine.StatusError, "IMG-SEC-001", rep.Results[5].Target, "ghcr.io/acme/api", "evaluate IMG-SEC-001: timeout after 30s", "", 0),
	)
	w1 := result(ps, engine.StatusWaived, "TF-AWS-S3-001", prod, "aws_s3_bucket.legacy_logs", `bucket "legacy_logs" has no server-side encryption`, "infra/prod/s3.tf", 40)
	w1.WaiverID = "W-2026-014"
	w2 := result(ps, engine.StatusWaived, "TF-AWS-RDS-002", prod, "aws_db_instance.reporting", "publicly_accessible is true", "infra/prod/db.tf", 30)
	w2.WaiverID = "inline:infra/prod/db.tf:29"
	rep.Results = append(rep.Results, w1, w2)
	rep.Waivers = []*engine.Waiver{
		{ID: "W-2026-014", Policy: "TF-AWS-S3-001", Target: "infra/prod", Resource: "aws_s3_bucket.legacy_logs",
			Reason: "Bucket is being decommissioned; data migrated to encrypted bucket by Q1.", Owner: "@acme/platform", ApprovedBy: "alice@acme.example",
			Expires: "2026-12-31", Source: engine.Location{File: ".paved/waivers.yaml", Line: 4}, Status: engine.WaiverActive, Matched: 1},
		{ID: "inline:infra/prod/db.tf:29", Policy: "TF-AWS-RDS-002", Target: "infra/prod", Resource: "aws_db_instance.reporting",
			Reason: "Read replica behind a private NLB", Owner: "@bob", Source: engine.Location{File: "infra/prod/db.tf", Line: 29},
			Inline: true, Status: engine.WaiverExpiring, Expires: "2026-12-01", Matched: 1},
		{ID: "W-2025-003", Policy: "REPO-GOV-001", Reason: "Owners being appointed", Owner: "Product Security", ApprovedBy: "alice@acme.example",
			Expires: "2026-01-31", Source: engine.Location{File: ".paved/waivers.yaml", Line: 12}, Status: engine.WaiverExpired},
		{ID: "W-2024-009", Policy: "TF-AWS-*", Target: "infra/old/**", Reason: "Old stack", Owner: "team-platform",
			Source: engine.Location{File: ".paved/waivers.yaml", Line: 20}, Status: engine.WaiverStale},
	}
	rep.Summary = engine.Summarize(rep.Results, rep.FailOn)
	return rep
}

// bigReport is an SBOM of n components judged by the SBOM policies, one
// result per component and policy, a few in every hundred failing; and
// targets more small Terraform modules, for a fleet's shape.
func bigReport(components, targets int) *engine.Report {
	controls := [][]string{
		{"NTIA-SBOM-Minimum-Elements", "EO-14028", "NIST-800-53:SR-4"},
		{"NTIA-SBOM-Minimum-Elements", "EO-14028", "NIST-800-53:SR-4", "SSDF:PS.3.2"},
		{"NIST-800-53:CM-8", "NIST-800-53:SR-4"},
		{"NIST-800-53:SR-4", "NIST-800-53:SI-7", "SSDF:PS.3.2"},
		{"EO-14028", "NIST-800-53:RA-5", "NIST-800-53:SI-2", "SSDF:RV.1.1"},
		{"NIST-800-53:SI-2", "NIST-800-53:RA-5", "SSDF:RV.2.2", "PCI-DSS-4.0:6.3.3", "SOC2:CC7.1"},
		{"SOC2:CC6.1"},
		{"NIST-800-53:CM-8"},
	}
	var ps []*engine.Policy
	for i, cs := range controls {
		ps = append(ps, &engine.Policy{ID: fmt.Sprintf("SBOM-%03d", i+1), Title: fmt.Sprintf("SBOM check %d", i+1), Severity: "high",
			Kind: "sbom", Controls: cs, Enforcement: "deny", File: fmt.Sprintf("builtin/sbom/check%d.rego", i+1)})
	}
	tfPolicies := 20
	for i := 0; i < tfPolicies; i++ {
		ps = append(ps, &engine.Policy{ID: fmt.Sprintf("TF-GEN-%03d", i), Title: "Generated", Severity: "medium", Kind: "terraform",
			Controls: []string{fmt.Sprintf("CIS-AWS-%d.1", i%5+1), "NIST-800-53:SC-28"}, Enforcement: "deny", File: fmt.Sprintf("builtin/terraform/gen%d.rego", i)})
	}
	bom := &engine.TargetRef{Kind: "sbom", ID: "sbom.cdx.json", Repo: "github.com/acme/big", Path: "pkg:npm/big", Digest: digest('f')}
	sums := []engine.TargetSummary{{TargetRef: *bom, Resources: components}}
	results := make([]engine.Result, 0, components*len(controls)+targets*tfPolicies*10)
	for pi := range controls {
		pref := ref(ps, ps[pi].ID)
		for c := 0; c < components; c++ {
			res := fmt.Sprintf("pkg:npm/dep-%d@1.%d.0", c, c%7)
			st := engine.StatusPass
			if (c+pi)%97 == 0 {
				st = engine.StatusFail
			}
			results = append(results, engine.Result{Status: st, Policy: pref, Target: bom, Resource: res,
				Message: "component " + res + " is missing something", Fingerprint: engine.Fingerprint(pref.ID, bom.Identity(), res)})
		}
	}
	for ti := 0; ti < targets; ti++ {
		t := &engine.TargetRef{Kind: "terraform", ID: fmt.Sprintf("modules/m%d", ti), Repo: "github.com/acme/big", Path: fmt.Sprintf("modules/m%d", ti), Digest: digest('a')}
		sums = append(sums, engine.TargetSummary{TargetRef: *t, Resources: 10})
		for pi := len(controls); pi < len(ps); pi++ {
			pref := ref(ps, ps[pi].ID)
			for k := 0; k < 10; k++ {
				res := fmt.Sprintf("aws_s3_bucket.b%d", k)
				st := engine.StatusPass
				if (ti+pi+k)%13 == 0 {
					st = engine.StatusFail
				}
				results = append(results, engine.Result{Status: st, Policy: pref, Target: t, Resource: res,
					Fingerprint: engine.Fingerprint(pref.ID, t.Identity(), res)})
			}
		}
	}
	return newReport(ps, sums, results)
}
