package main

import (
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

// An SBOM matched against an OSV directory: the unresolved advisory blocks
// through SBOM-011 and SBOM-015, the one the SBOM's VEX says does not
// apply is waived in both by that statement, and a component no advisory
// names has no finding.
func TestCheckVulnDB(t *testing.T) {
	code, out, errs := paved(t, "check", "testdata/osv/app.cdx.json", "--vuln-db", "testdata/osv/db", "-f", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstderr: %s", code, errs)
	}
	rep := jsonReport(t, out)
	got := map[string]string{}
	for _, r := range rep.Results {
		if r.Policy.ID == "SBOM-011" || r.Policy.ID == "SBOM-015" {
			got[r.Policy.ID+" "+r.Resource] = strings.TrimSpace(string(r.Status) + " " + r.WaiverID)
		}
	}
	for k, want := range map[string]string{
		"SBOM-011 GHSA-35jh-r3h4-6jhm@pkg:npm/lodash@4.17.20": "fail",
		"SBOM-015 GHSA-35jh-r3h4-6jhm@pkg:npm/lodash@4.17.20": "fail",
		"SBOM-011 CVE-2021-44906@pkg:npm/minimist@1.2.5":      "waived VEX-CVE-2021-44906:SBOM-011",
		"SBOM-015 CVE-2021-44906@pkg:npm/minimist@1.2.5":      "waived VEX-CVE-2021-44906:SBOM-015",
	} {
		if got[k] != want {
			t.Errorf("%s: %q, want %q (all: %v)", k, got[k], want, got)
		}
	}
	if len(got) != 4 {
		t.Errorf("vulnerability results %v: want exactly lodash's and minimist's", got)
	}
	for _, r := range rep.Results {
		if r.Policy.ID == "SBOM-015" && r.Status == engine.StatusFail &&
			!strings.Contains(r.Message, "high vulnerability GHSA-35jh-r3h4-6jhm in pkg:npm/lodash@4.17.20 is open") ||
			r.Policy.ID == "SBOM-015" && r.Status == engine.StatusFail && !strings.Contains(r.Message, "fixed in 4.17.21") {
			t.Errorf("SBOM-015 message: %s", r.Message)
		}
	}

	// Without the database the SBOM's own VEX statement is all there is:
	// the vulnerability is unrated there, no policy denies it, and its
	// waivers, waiving nothing, are not reported.
	code, out, _ = paved(t, "check", "testdata/osv/app.cdx.json", "-f", "json")
	rep = jsonReport(t, out)
	for _, r := range rep.Results {
		if strings.Contains(r.Resource, "GHSA-") {
			t.Errorf("advisory without --vuln-db: %s %s", r.Policy.ID, r.Resource)
		}
		if strings.HasPrefix(r.Resource, "CVE-2021-44906@") && r.Status != engine.StatusPass {
			t.Errorf("unrated VEX'd finding without --vuln-db: %s %s", r.Policy.ID, r.Status)
		}
	}
	if code != 0 || len(rep.Waivers) != 0 {
		t.Errorf("without --vuln-db: exit %d, waivers %v", code, rep.Waivers)
	}
}

func TestCheckVulnDBMalformedExit2(t *testing.T) {
	code, _, errs := paved(t, "check", "testdata/osv/app.cdx.json", "--vuln-db", "testdata/osv/bad")
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(errs, "testdata/osv/bad/GHSA-bad.json: GHSA-bad: affected[0]: ranges[0]: no introduced event") {
		t.Errorf("stderr does not name the record and its problem: %s", errs)
	}
	if code, _, errs := paved(t, "check", "testdata/osv/app.cdx.json", "--vuln-db", "testdata/osv/absent"); code != 2 || !strings.Contains(errs, "absent") {
		t.Errorf("missing database: exit %d, %s", code, errs)
	}
}
