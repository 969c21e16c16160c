package report

import (
	"time"

	"github.com/paved-dev/paved/engine"
)

// The fixture reports below are built by hand so golden output is
// deterministic: fixed times, ids and digests.

var (
	fixtureStart = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	fixtureEnd   = fixtureStart.Add(1500 * time.Millisecond)
)

func digest(c byte) string {
	b := make([]byte, 64)
	for i := range b {
		b[i] = c
	}
	return "sha256:" + string(b)
}

func fixturePolicies() []*engine.Policy {
	return []*engine.Policy{
		{ID: "IMG-SEC-001", Title: "Images do not run as root", Description: "A container running as root turns an escape into host compromise.",
			Severity: "high", Kind: "image", Controls: []string{"CIS-Docker-4.1"}, Related: []string{"DS002"},
			Remediation: "Add a USER instruction with a non-root uid.", Enforcement: "deny", Package: "paved.image.user", File: "builtin/image/user.rego"},
		{ID: "REPO-CI-002", Title: "Workflows pin actions by commit SHA", Description: "Tags can be moved; a SHA cannot.",
			Severity: "low", Kind: "repo", Controls: []string{"SLSA-L3"}, Related: []string{},
			Remediation: "Replace uses: owner/action@v4 with uses: owner/action@<sha> # v4.", Enforcement: "deny", Package: "paved.repo.pinning", File: "builtin/repo/pinning.rego"},
		{ID: "REPO-GOV-001", Title: "Repositories have a CODEOWNERS file", Description: "Every change needs an accountable reviewer.",
			Severity: "medium", Kind: "repo", Controls: []string{"SOC2:CC8.1"}, Related: []string{},
			Remediation: "Add .github/CODEOWNERS naming the owning team.", Enforcement: "deny", Package: "paved.repo.codeowners", File: "builtin/repo/codeowners.rego"},
		{ID: "SBOM-LIC-001", Title: "Components carry a licence", Severity: "low", Kind: "sbom",
			Controls: []string{}, Related: []string{}, Enforcement: "warn", Package: "paved.sbom.licence", File: "builtin/sbom/licence.rego"},
		{ID: "TF-AWS-RDS-002", Title: "RDS instances are not publicly accessible", Description: "A public database is one leaked password away from a breach.",
			Severity: "critical", Kind: "terraform", ResourceTypes: []string{"aws_db_instance"}, Controls: []string{"CIS-AWS-2.3.3", "NIST-800-53:AC-3"}, Related: []string{"CKV_AWS_17"},
			Remediation: "Set publicly_accessible = false.", Enforcement: "deny", Package: "paved.terraform.aws.rds_public", File: "builtin/terraform/aws/rds_public.rego"},
		{ID: "TF-AWS-S3-001", Title: "S3 buckets encrypt data at rest", Description: "Unencrypted buckets expose data if storage media or credentials leak.",
			Severity: "high", Kind: "terraform", ResourceTypes: []string{"aws_s3_bucket"}, Controls: []string{"CIS-AWS-2.1.1", "NIST-800-53:SC-28", "SOC2:CC6.1"},
			Related: []string{"CKV_AWS_19", "AVD-AWS-0088"}, Tags: []string{"encryption"},
			Remediation: "Add an aws_s3_bucket_server_side_encryption_configuration for the bucket.\n\nUse aws:kms with a customer managed key for sensitive data.",
			Enforcement: "deny", Package: "paved.terraform.aws.s3_encryption", File: "builtin/terraform/aws/s3_encryption.rego"},
		{ID: "TF-AWS-SG-004", Title: "Security groups do not allow 0.0.0.0/0 ingress", Severity: "medium", Kind: "terraform",
			ResourceTypes: []string{"aws_security_group"}, Controls: []string{"CIS-AWS-5.2"}, Related: []string{},
			Remediation: "Restrict cidr_blocks.", Enforcement: "deny", Package: "paved.terraform.aws.sg_open", File: "builtin/terraform/aws/sg_open.rego"},
		{ID: "TF-AWS-TAG-003", Title: "Resources carry an owner tag", Severity: "low", Kind: "terraform",
			ResourceTypes: []string{"aws_s3_bucket"}, Controls: []string{}, Related: []string{},
			Remediation: "Add tags = { owner = \"team\" }.", Enforcement: "warn", Package: "paved.terraform.aws.tags", File: "builtin/terraform/aws/tags.rego"},
	}
}

func policyRef(ps []*engine.Policy, id string) *engine.PolicyRef {
	for _, p := range ps {
		if p.ID == id {
			ref := p.Ref()
			return &ref
		}
	}
	panic("no policy " + id)
}

func result(ps []*engine.Policy, status engine.Status, policy string, target engine.TargetRef, resource, msg, file string, line int) engine.Result {
	r := engine.Result{
		Status: status, Policy: policyRef(ps, policy), Target: &target, Resource: resource, Message: msg,
		Fingerprint: engine.Fingerprint(policy, target.Identity(), resource),
	}
	if file != "" {
		r.Location = &engine.Location{File: file, Line: line}
	}
	return r
}

// loadError is the result the scanner records for an input it could not
// load: a pseudo-policy that is not part of the policy set.
func loadError(t engine.TargetRef, msg, file string, line int) engine.Result {
	ref := engine.PolicyRef{ID: "PAVED-LOAD", Title: "Input could not be loaded", Severity: engine.SeverityCritical, Enforcement: "deny",
		Remediation: "Fix the reported syntax or read error; paved never passes input it could not read."}
	r := engine.Result{Status: engine.StatusError, Policy: &ref, Target: &t, Resource: t.ID, Message: msg,
		Fingerprint: engine.Fingerprint(ref.ID, t.Identity(), t.ID)}
	if file != "" {
		r.Location = &engine.Location{File: file, Line: line}
	}
	return r
}

func newReport(ps []*engine.Policy, targets []engine.TargetSummary, results []engine.Result) *engine.Report {
	return &engine.Report{
		Schema:    engine.ReportSchema,
		Tool:      engine.Tool{Name: "paved", Version: "0.4.0"},
		Run:       engine.Run{ID: "run-20261125-100000-abcd", StartedAt: fixtureStart, FinishedAt: fixtureEnd, DurationMS: 1500},
		PolicySet: engine.PolicySetInfo{Digest: digest('e'), Count: len(ps)},
		FailOn:    engine.SeverityHigh,
		Targets:   targets,
		Policies:  ps,
		Results:   results,
		Summary:   engine.Summarize(results, engine.SeverityHigh),
	}
}

// fullReport has results of every status and severity, several targets,
// results with and without a line or a location, a waived result and a
// target that could not be loaded.
func fullReport() *engine.Report {
	ps := fixturePolicies()
	prod := engine.TargetRef{Kind: "terraform", ID: "infra/prod", Repo: "github.com/acme/platform", Path: "infra/prod", Digest: digest('a'), Owner: "team-platform"}
	legacy := engine.TargetRef{Kind: "terraform", ID: "infra/legacy", Repo: "github.com/acme/platform", Path: "infra/legacy"}
	repo := engine.TargetRef{Kind: "repo", ID: "services/api", Repo: "github.com/acme/platform", Path: "services/api", Digest: digest('b')}
	img := engine.TargetRef{Kind: "image", ID: "ghcr.io/acme/api:1.4.2", Path: "ghcr.io/acme/api", Digest: digest('c')}
	targets := []engine.TargetSummary{
		{TargetRef: prod, Resources: 6},
		{TargetRef: legacy, Resources: 0, Error: "infra/legacy/main.tf:3: Argument or block definition required"},
		{TargetRef: repo, Resources: 3},
		{TargetRef: img, Resources: 1},
	}
	results := []engine.Result{
		result(ps, engine.StatusPass, "TF-AWS-S3-001", prod, "aws_s3_bucket.assets", "", "infra/prod/s3.tf", 20),
		result(ps, engine.StatusFail, "TF-AWS-S3-001", prod, "aws_s3_bucket.logs",
			`bucket "logs" has no server-side encryption | 100% of objects <unencrypted>`, "infra/prod/s3.tf", 3),
		result(ps, engine.StatusWarn, "TF-AWS-TAG-003", prod, "aws_s3_bucket.logs", "bucket has no owner tag", "infra/prod/s3.tf", 3),
		result(ps, engine.StatusFail, "TF-AWS-RDS-002", prod, "module.db.aws_db_instance.this[0]",
			"publicly_accessible is true", "infra/prod/modules/db/main.tf", 14),
		result(ps, engine.StatusPass, "TF-AWS-SG-004", prod, "aws_security_group.web", "", "infra/prod/sg.tf", 1),
		result(ps, engine.StatusPass, "TF-AWS-SG-004", prod, "aws_security_group.db", "", "infra/prod/sg.tf", 30),
		loadError(legacy, "infra/legacy/main.tf:3: Argument or block definition required", "infra/legacy/main.tf", 3),
		result(ps, engine.StatusError, "TF-AWS-SG-004", prod, "infra/prod",
			"evaluate TF-AWS-SG-004: eval_conflict_error: functions must not produce multiple outputs for same inputs", "", 0),
		result(ps, engine.StatusFail, "REPO-GOV-001", repo, "services/api", "no CODEOWNERS file", "", 0),
		result(ps, engine.StatusFail, "REPO-CI-002", repo, "services/api/.github/workflows/ci.yml",
			"actions/checkout@v4 is not pinned\nactions/setup-go@v5 is not pinned", "services/api/.github/workflows/ci.yml", 0),
		result(ps, engine.StatusPass, "REPO-CI-002", repo, "services/api/.github/workflows/release.yml", "", "services/api/.github/workflows/release.yml", 0),
		result(ps, engine.StatusFail, "IMG-SEC-001", img, "ghcr.io/acme/api@"+digest('c'), "image runs as uid 0", "", 0),
	}
	waived := result(ps, engine.StatusWaived, "TF-AWS-S3-001", prod, "aws_s3_bucket.legacy_logs",
		`bucket "legacy_logs" has no server-side encryption`, "infra/prod/s3.tf", 40)
	waived.WaiverID = "W-2026-014"
	results = append(results, waived)
	return newReport(ps, targets, results)
}

// emptyReport is a run over one target that examined nothing.
func emptyReport() *engine.Report {
	ps := fixturePolicies()
	return newReport(ps, []engine.TargetSummary{{TargetRef: engine.TargetRef{Kind: "repo", ID: "services/empty", Path: "services/empty", Digest: digest('d')}, Resources: 0}}, nil)
}

// passesReport is a clean run: every result passes.
func passesReport() *engine.Report {
	ps := fixturePolicies()
	prod := engine.TargetRef{Kind: "terraform", ID: "infra/prod", Path: "infra/prod", Digest: digest('a')}
	return newReport(ps, []engine.TargetSummary{{TargetRef: prod, Resources: 2}}, []engine.Result{
		result(ps, engine.StatusPass, "TF-AWS-S3-001", prod, "aws_s3_bucket.assets", "", "infra/prod/s3.tf", 20),
		result(ps, engine.StatusPass, "TF-AWS-SG-004", prod, "aws_security_group.web", "", "infra/prod/sg.tf", 1),
	})
}

// vexReport is an SBOM whose critical vulnerability its VEX statement sets
// aside (waived by the SBOM's own waiver), next to one that blocks.
func vexReport() *engine.Report {
	ps := append(fixturePolicies(), &engine.Policy{ID: "SBOM-011", Title: "Critical and high vulnerabilities are fixed or set aside by VEX",
		Severity: "critical", Kind: "sbom", ResourceTypes: []string{"vulnerability"}, Controls: []string{"NIST-800-53:RA-5"}, Related: []string{},
		Remediation: "Upgrade the component to a fixed version, or record the analysis in the SBOM/VEX.", Enforcement: "deny",
		Package: "paved.sbom.vulnerabilities", File: "builtin/sbom/vulnerabilities.rego"})
	bom := engine.TargetRef{Kind: "sbom", ID: "sboms/app.cdx.json", Repo: "github.com/acme/platform", Path: "pkg:npm/app", Digest: digest('f')}
	const log4j = "CVE-2021-44228@pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
	waived := result(ps, engine.StatusWaived, "SBOM-011", bom, log4j,
		"critical vulnerability CVE-2021-44228 in pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 is set aside by VEX not_affected (code_not_reachable)",
		"sboms/app.cdx.json", 0)
	waived.WaiverID = "VEX-CVE-2021-44228:SBOM-011"
	rep := newReport(ps, []engine.TargetSummary{{TargetRef: bom, Resources: 4}}, []engine.Result{
		waived,
		result(ps, engine.StatusFail, "SBOM-011", bom, "CVE-2021-23337@pkg:npm/lodash@4.17.20",
			`high vulnerability CVE-2021-23337 in pkg:npm/lodash@4.17.20 has no VEX resolution (state "in_triage")`, "sboms/app.cdx.json", 0),
		result(ps, engine.StatusPass, "SBOM-011", bom, "CVE-2020-0001@pkg:npm/ms@2.1.3", "", "sboms/app.cdx.json", 0),
	})
	rep.Waivers = []*engine.Waiver{{ID: "VEX-CVE-2021-44228:SBOM-011", Policy: "SBOM-011", Target: bom.ID, Resource: log4j,
		Reason: "VEX not_affected: code_not_reachable; response: will_not_fix — JndiLookup class removed from the jar",
		Owner:  "Product Security", Source: engine.Location{File: "sboms/app.cdx.json"}, Origin: engine.WaiverOriginVEX,
		Status: engine.WaiverActive, Matched: 1}}
	return rep
}

func fixtures() map[string]func() *engine.Report {
	return map[string]func() *engine.Report{"full": fullReport, "empty": emptyReport, "passes": passesReport, "vex": vexReport}
}
