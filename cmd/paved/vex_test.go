package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

// An SBOM whose only critical vulnerability its own VEX statement sets
// aside (not_affected, code_not_reachable) does not block, and every
// report shows the finding as waived by that statement: the JSON result
// and waiver, the text report, a SARIF suppression, `paved waivers list`.
// Its low false positive waives nothing and stays out of the reports.
func TestCheckVEXWaivesAndShows(t *testing.T) {
	const bom = "testdata/vex/app.cdx.json"
	const res = "CVE-2021-44228@pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
	const reason = "VEX not_affected: code_not_reachable; response: will_not_fix — The JNDI lookup is disabled"
	sarif := filepath.Join(t.TempDir(), "r.sarif")
	code, out, errs := paved(t, "check", bom, "-f", "json", "-o", "sarif="+sarif)
	if code != 0 {
		t.Fatalf("exit %d, want 0: the only critical finding is VEX-resolved\nstderr: %s\n%s", code, errs, out)
	}
	validate(t, "../../schemas/paved.report.v1.json", out)
	rep := jsonReport(t, out)
	got := map[string]string{}
	for _, r := range rep.Results {
		if r.Resource == res {
			got[r.Policy.ID] = string(r.Status) + " " + r.WaiverID
			if !strings.Contains(r.Message, "VEX not_affected (code_not_reachable)") {
				t.Errorf("%s message does not name the VEX analysis: %s", r.Policy.ID, r.Message)
			}
		}
		if r.Status == engine.StatusFail && r.Blocking("high") {
			t.Errorf("blocking: %s %s: %s", r.Policy.ID, r.Resource, r.Message)
		}
		if strings.HasPrefix(r.Resource, "CVE-2099-0001") && r.Status != engine.StatusPass {
			t.Errorf("low false positive: %s %s", r.Policy.ID, r.Status)
		}
	}
	// Published in 2021: past the 7-day SLA, so SBOM-015 denies it too.
	want := map[string]string{"SBOM-011": "waived VEX-CVE-2021-44228:SBOM-011", "SBOM-015": "waived VEX-CVE-2021-44228:SBOM-015"}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s on %s: %q, want %q", p, res, got[p], w)
		}
	}
	if rep.Summary.Waived != 2 || rep.Summary.Blocking != 0 {
		t.Errorf("summary %+v: want 2 waived, none blocking", rep.Summary)
	}
	if len(rep.Waivers) != 2 {
		t.Fatalf("report waivers %+v: want the two VEX waivers that waived something", rep.Waivers)
	}
	for _, w := range rep.Waivers {
		if !strings.HasPrefix(w.ID, "VEX-CVE-2021-44228:") || w.Origin != engine.WaiverOriginVEX || w.Status != engine.WaiverActive ||
			w.Matched != 1 || w.Owner != "Acme Product Security" || w.Resource != res || w.Target != bom ||
			!strings.HasPrefix(w.Reason, reason) || w.Source.File != bom || w.Expires != "" {
			t.Errorf("waiver %+v", *w)
		}
	}

	b, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID       string `json:"ruleId"`
				Suppressions []struct {
					Kind, Status, Justification string
				} `json:"suppressions"`
				Properties struct {
					Resource string `json:"resource"`
				} `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("SARIF: %v", err)
	}
	suppressed := 0
	for _, r := range log.Runs[0].Results {
		if r.Properties.Resource != res {
			continue
		}
		if len(r.Suppressions) != 1 || r.Suppressions[0].Kind != "external" || r.Suppressions[0].Status != "accepted" ||
			!strings.Contains(r.Suppressions[0].Justification, reason) {
			t.Errorf("SARIF %s suppressions %+v", r.RuleID, r.Suppressions)
		}
		suppressed++
	}
	if suppressed != 2 {
		t.Errorf("SARIF has %d results for %s, want 2 suppressed", suppressed, res)
	}
	validateSARIF(t, string(b))

	code, text, _ := paved(t, "check", bom)
	for _, want := range []string{"VEX-CVE-2021-44228:SBOM-011", "VEX-CVE-2021-44228:SBOM-015", res, reason,
		"owner Acme Product Security", "2 waived", "0 blocking"} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	if code != 0 || strings.Contains(text, "CVE-2099-0001") || strings.Contains(text, "stale") {
		t.Errorf("exit %d; the unmatched low false positive must stay quiet:\n%s", code, text)
	}

	code, list, errs := paved(t, "waivers", "list", bom)
	if code != 0 || strings.Count(list, "VEX-CVE-2021-44228:") != 2 || !strings.Contains(list, "2 waivers: 2 active") {
		t.Errorf("waivers list: exit %d %s\n%s", code, errs, list)
	}
}
