package sbom

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/policies"
)

// vexDoc is a CycloneDX JSON SBOM with metadata meta (a JSON object's
// members, may be empty) and vulnerabilities vulns (JSON array items).
func vexDoc(meta, vulns string) string {
	return fmt.Sprintf(`{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "metadata": {"timestamp": "2024-05-01T10:00:00Z"%s},
  "components": [
    {"type": "library", "bom-ref": "log4j", "name": "log4j-core", "group": "org.apache.logging.log4j", "version": "2.14.1",
     "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar"},
    {"type": "library", "bom-ref": "lodash", "name": "lodash", "version": "4.17.20", "purl": "pkg:npm/lodash@4.17.20"}],
  "vulnerabilities": [%s]}`, meta, vulns)
}

const log4jNotAffected = `{"id": "CVE-2021-44228", "ratings": [{"severity": "critical"}],
  "analysis": {"state": "not_affected", "justification": "code_not_reachable", "response": ["will_not_fix", "update"],
    "detail": "JndiLookup class removed\n from the jar."},
  "affects": [{"ref": "log4j"}]}`

// A VEX not_affected statement becomes one waiver per vulnerability
// policy, on exactly the finding's resource, with the analysis as reason
// and the SBOM's author as owner.
func TestVEXNotAffectedDeclaresWaivers(t *testing.T) {
	tg, err := New(Options{}).Parse("sboms/app.cdx.json", []byte(vexDoc(
		`, "authors": [{"name": "Product Security", "email": "psirt@example.com"}], "supplier": {"name": "Example Corp"}`,
		log4jNotAffected)))
	if err != nil {
		t.Fatal(err)
	}
	const res = "CVE-2021-44228@pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
	const reason = "VEX not_affected: code_not_reachable; response: will_not_fix, update — JndiLookup class removed from the jar."
	want := []engine.Waiver{
		{ID: "VEX-CVE-2021-44228:SBOM-011", Policy: "SBOM-011", Target: "sboms/app.cdx.json", Resource: res, Reason: reason,
			Owner: "Product Security", Source: engine.Location{File: "sboms/app.cdx.json"}, Origin: engine.WaiverOriginVEX},
		{ID: "VEX-CVE-2021-44228:SBOM-015", Policy: "SBOM-015", Target: "sboms/app.cdx.json", Resource: res, Reason: reason,
			Owner: "Product Security", Source: engine.Location{File: "sboms/app.cdx.json"}, Origin: engine.WaiverOriginVEX},
	}
	if len(tg.Waivers) != len(want) {
		t.Fatalf("%d waivers, want %d: %+v", len(tg.Waivers), len(want), tg.Waivers)
	}
	for i, w := range tg.Waivers {
		if *w != want[i] {
			t.Errorf("waiver %d:\n got %+v\nwant %+v", i, *w, want[i])
		}
	}
	// The waiver's resource is the finding the policies deny.
	var addrs []string
	for _, f := range tg.Input["findings"].([]any) {
		addrs = append(addrs, f.(map[string]any)["address"].(string))
	}
	if len(addrs) != 1 || addrs[0] != res {
		t.Errorf("findings %v, want %s", addrs, res)
	}
	// The package-level Parse declares them too.
	if tg2, err := Parse("x.json", []byte(vexDoc("", log4jNotAffected))); err != nil || len(tg2.Waivers) != 2 {
		t.Errorf("Parse: %d waivers, %v", len(tg2.Waivers), err)
	}
}

func TestVEXWaiverOwnerAndStates(t *testing.T) {
	for _, tc := range []struct {
		name, meta, vulns string
		ids               []string
		owner, reason     string
	}{
		{name: "supplier owns when no author", meta: `, "supplier": {"name": "Example Corp"}, "manufacturer": {"name": "Maker"}`,
			vulns: log4jNotAffected, ids: []string{"VEX-CVE-2021-44228:SBOM-011", "VEX-CVE-2021-44228:SBOM-015"}, owner: "Example Corp"},
		{name: "manufacturer", meta: `, "manufacturer": {"name": "Maker"}`,
			vulns: log4jNotAffected, ids: []string{"VEX-CVE-2021-44228:SBOM-011", "VEX-CVE-2021-44228:SBOM-015"}, owner: "Maker"},
		{name: "nobody named", vulns: log4jNotAffected,
			ids: []string{"VEX-CVE-2021-44228:SBOM-011", "VEX-CVE-2021-44228:SBOM-015"}, owner: "VEX statement"},
		{name: "false positive without justification",
			vulns: `{"id": "CVE-1", "analysis": {"state": "false_positive"}, "affects": [{"ref": "lodash"}]}`,
			ids:   []string{"VEX-CVE-1:SBOM-011", "VEX-CVE-1:SBOM-015"}, owner: "VEX statement", reason: "VEX false_positive"},
		{name: "resolved with pedigree",
			vulns: `{"id": "CVE-1", "analysis": {"state": "resolved_with_pedigree", "detail": "patched"}, "affects": [{"ref": "lodash"}]}`,
			ids:   []string{"VEX-CVE-1:SBOM-011", "VEX-CVE-1:SBOM-015"}, owner: "VEX statement", reason: "VEX resolved_with_pedigree — patched"},
		{name: "open states declare nothing",
			vulns: `{"id": "CVE-1", "analysis": {"state": "exploitable"}, "affects": [{"ref": "lodash"}]},
			        {"id": "CVE-2", "analysis": {"state": "in_triage"}, "affects": [{"ref": "lodash"}]},
			        {"id": "CVE-3", "affects": [{"ref": "lodash"}]}`},
		{name: "one vulnerability on two components names the component",
			vulns: `{"id": "CVE-9", "analysis": {"state": "resolved"}, "affects": [{"ref": "log4j"}, {"ref": "lodash"}]}`,
			ids: []string{
				"VEX-CVE-9@pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1:SBOM-011",
				"VEX-CVE-9@pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1:SBOM-015",
				"VEX-CVE-9@pkg:npm/lodash@4.17.20:SBOM-011", "VEX-CVE-9@pkg:npm/lodash@4.17.20:SBOM-015",
			}, owner: "VEX statement", reason: "VEX resolved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := Parse("bom.json", []byte(vexDoc(tc.meta, tc.vulns)))
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, w := range tg.Waivers {
				ids = append(ids, w.ID)
				if w.Owner != tc.owner {
					t.Errorf("%s: owner %q, want %q", w.ID, w.Owner, tc.owner)
				}
				if tc.reason != "" && w.Reason != tc.reason {
					t.Errorf("%s: reason %q, want %q", w.ID, w.Reason, tc.reason)
				}
				if !strings.HasPrefix(w.ID, "VEX-") || w.Origin != engine.WaiverOriginVEX || w.Expires != "" {
					t.Errorf("%+v", *w)
				}
			}
			if strings.Join(ids, " ") != strings.Join(tc.ids, " ") {
				t.Errorf("ids %v, want %v", ids, tc.ids)
			}
		})
	}
}

// The XML reader yields the same waivers.
func TestVEXWaiversFromXML(t *testing.T) {
	tg := mustParse(t, `<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
  <metadata><authors><author><name>PSIRT</name></author></authors></metadata>
  <components><component type="library" bom-ref="a"><name>a</name><version>1</version><purl>pkg:npm/a@1</purl></component></components>
  <vulnerabilities><vulnerability><id>CVE-7</id><ratings><rating><severity>high</severity></rating></ratings>
    <analysis><state>not_affected</state><justification>requires_configuration</justification></analysis>
    <affects><target><ref>a</ref></target></affects></vulnerability></vulnerabilities>
</bom>`)
	if len(tg.Waivers) != 2 || tg.Waivers[0].ID != "VEX-CVE-7:SBOM-011" || tg.Waivers[0].Owner != "PSIRT" ||
		tg.Waivers[0].Resource != "CVE-7@pkg:npm/a@1" || tg.Waivers[0].Reason != "VEX not_affected: requires_configuration" {
		for _, w := range tg.Waivers {
			t.Logf("%+v", *w)
		}
		t.Fatalf("XML: %d waivers", len(tg.Waivers))
	}
}

// Findings an advisory database adds carry no analysis and declare
// nothing; a carried finding the database enriches keeps its statement.
func TestVEXWaiversWithAdvisories(t *testing.T) {
	db := fakeDB{
		"pkg:npm/lodash@4.17.20": {{ID: "GHSA-35jh-r3h4-6jhm", Aliases: []string{"CVE-2021-23337"}, Ratings: []Rating{{Severity: "high"}}},
			{ID: "GHSA-other", Ratings: []Rating{{Severity: "critical"}}}},
		// The database names the same vulnerability on another component:
		// the SBOM's statement keeps its id (it has one finding there).
		"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar": {{ID: "CVE-2021-23337", Ratings: []Rating{{Severity: "high"}}}},
	}
	tg, err := New(Options{Advisories: db}).Parse("bom.json", []byte(vexDoc("",
		`{"id": "CVE-2021-23337", "analysis": {"state": "not_affected", "justification": "code_not_reachable"}, "affects": [{"ref": "lodash"}]}`)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range tg.Waivers {
		got = append(got, w.ID+" "+w.Resource)
	}
	want := "VEX-CVE-2021-23337:SBOM-011 CVE-2021-23337@pkg:npm/lodash@4.17.20 VEX-CVE-2021-23337:SBOM-015 CVE-2021-23337@pkg:npm/lodash@4.17.20"
	if strings.Join(got, " ") != want {
		t.Errorf("waivers %v\nwant %s", got, want)
	}
}

// The states the loader turns into waivers are the ones the policies call
// set aside, and the policies it waives exist and judge SBOM findings.
func TestVEXStatesAndPoliciesMatchRego(t *testing.T) {
	ctx := context.Background()
	lib, err := policies.FS.ReadFile("lib/sbom.rego")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rego.New(rego.Query("x = data.paved.lib.sbom.resolved_states"), rego.Module("sbom.rego", string(lib))).Eval(ctx)
	if err != nil || len(rs) != 1 {
		t.Fatalf("resolved_states: %v %v", rs, err)
	}
	var inRego []string
	for _, s := range rs[0].Bindings["x"].([]any) {
		inRego = append(inRego, s.(string))
	}
	slices.Sort(inRego)
	inGo := slices.Sorted(slices.Values(resolvedStates()))
	if !slices.Equal(inRego, inGo) {
		t.Errorf("resolved states: Rego %v, Go %v", inRego, inGo)
	}
	sub, err := fs.Sub(policies.FS, "sbom")
	if err != nil {
		t.Fatal(err)
	}
	ps, err := engine.LoadPolicies(ctx, engine.LoadOptions{}, engine.PolicySource{Name: "builtin/sbom", FS: sub})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*engine.Policy{}
	for _, p := range ps.ForKind("sbom") {
		byID[p.ID] = p
	}
	for _, id := range vexPolicies() {
		if p := byID[id]; p == nil || !slices.Contains(p.ResourceTypes, "vulnerability") {
			t.Errorf("VEX waives %s, which is not an SBOM policy on vulnerabilities: %+v", id, p)
		}
	}
}
