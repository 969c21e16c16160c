package sbom

import (
	"slices"
	"testing"
	"time"
)

// fakeDB answers by purl from a map.
type fakeDB map[string][]Advisory

func (f fakeDB) Affecting(purl string) []Advisory { return slices.Clone(f[purl]) }

func score(f float64) *float64 { return &f }

const vexBOM = `{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "components": [
    {"type": "library", "bom-ref": "lodash", "name": "lodash", "version": "4.17.20", "purl": "pkg:npm/lodash@4.17.20"},
    {"type": "library", "bom-ref": "lodash-again", "name": "lodash", "version": "4.17.20", "purl": "pkg:npm/lodash@4.17.20?x=1"},
    {"type": "library", "bom-ref": "minimist", "name": "minimist", "version": "1.2.5", "purl": "pkg:npm/minimist@1.2.5"},
    {"type": "library", "bom-ref": "zope", "name": "zope.interface", "version": "2.0.0rc1", "purl": "pkg:pypi/zope.interface@2.0.0rc1"},
    {"type": "library", "bom-ref": "nopurl", "name": "nopurl", "version": "1"}],
  "vulnerabilities": [
    {"id": "CVE-2021-23337", "published": "2021-02-15T00:00:00Z",
     "analysis": {"state": "not_affected", "justification": "code_not_reachable"}, "affects": [{"ref": "lodash"}]},
    {"id": "CVE-2021-44906", "ratings": [{"severity": "medium"}], "affects": [{"ref": "pkg:npm/other@1.0.0"}]}]}`

func TestJoinAdvisories(t *testing.T) {
	pub := time.Date(2022, 3, 17, 0, 0, 0, 0, time.UTC)
	db := fakeDB{
		"pkg:npm/lodash@4.17.20": {{ID: "GHSA-35jh-r3h4-6jhm", Source: "osv", Aliases: []string{"CVE-2021-23337"},
			Ratings: []Rating{{Severity: "high", Score: score(7.2), Method: "CVSSv31"}}, Fixed: []string{"4.17.21"}, Published: pub}},
		"pkg:npm/lodash@4.17.20?x=1": {{ID: "GHSA-35jh-r3h4-6jhm", Source: "osv", Aliases: []string{"CVE-2021-23337"}}},
		"pkg:npm/minimist@1.2.5": {{ID: "GHSA-xvch-5gv4-984h", Source: "osv", Aliases: []string{"CVE-2021-44906"},
			Ratings: []Rating{{Severity: "critical", Score: score(9.8), Method: "CVSSv31"}}, Fixed: []string{"1.2.6"}, Published: pub}},
		"pkg:pypi/zope.interface@2.0.0rc1": {
			{ID: "PYSEC-1", Source: "osv", Aliases: []string{"GHSA-1"}, Ratings: []Rating{{Severity: "high", Method: "other"}}},
			{ID: "GHSA-1", Source: "osv", Aliases: []string{"PYSEC-1"}, Ratings: []Rating{{Severity: "high", Method: "other"}}}},
	}
	l := New(Options{Advisories: db})
	tg, err := l.Parse("bom.json", []byte(vexBOM))
	if err != nil {
		t.Fatal(err)
	}
	in := tg.Input
	byAddr := map[string]map[string]any{}
	for _, f := range in["findings"].([]any) {
		f := f.(map[string]any)
		byAddr[f["address"].(string)] = f
	}
	var addrs []string
	for a := range byAddr {
		addrs = append(addrs, a)
	}
	slices.Sort(addrs)
	want := []string{"CVE-2021-23337@pkg:npm/lodash@4.17.20", "CVE-2021-44906@pkg:npm/other@1.0.0",
		"GHSA-1@pkg:pypi/zope.interface@2.0.0rc1", "GHSA-xvch-5gv4-984h@pkg:npm/minimist@1.2.5"}
	if !slices.Equal(addrs, want) {
		t.Fatalf("findings %v, want %v", addrs, want)
	}
	// The carried VEX statement stands for the advisory that aliases it,
	// and gains the advisory's severity, fix and id.
	f := byAddr["CVE-2021-23337@pkg:npm/lodash@4.17.20"]
	if f["state"] != "not_affected" || f["severity"] != "high" || f["source"] != "sbom" ||
		!slices.Equal(f["matched"].([]any), []any{"GHSA-35jh-r3h4-6jhm"}) || !slices.Equal(f["fixed"].([]any), []any{"4.17.21"}) ||
		!slices.Contains(f["aliases"].([]any), any("GHSA-35jh-r3h4-6jhm")) {
		t.Errorf("carried finding: %v", f)
	}
	// The SBOM's own date wins over the advisory's.
	if f["published"] != "2021-02-15T00:00:00Z" || f["first_seen_ns"] != nil {
		t.Errorf("carried dates: %v %v", f["published"], f["first_seen_ns"])
	}
	// A carried id on another component does not cover this one.
	m := byAddr["GHSA-xvch-5gv4-984h@pkg:npm/minimist@1.2.5"]
	if m["source"] != "osv" || m["state"] != "" || m["severity"] != "critical" || m["score"] != 9.8 ||
		m["published_ns"] != int(pub.UnixNano()) || m["component"] != "pkg:npm/minimist@1.2.5" || m["ref"] != "minimist" {
		t.Errorf("osv finding: %v", m)
	}
	v := in["vulnerabilities"].([]any)[m["vulnerability"].(int)].(map[string]any)
	if v["id"] != "GHSA-xvch-5gv4-984h" || v["source"] != "osv" || len(v["affects"].([]any)) != 1 || v["severity"] != "critical" {
		t.Errorf("osv vulnerability: %v", v)
	}
	// Advisories aliasing each other are one finding, the first by id.
	if z := byAddr["GHSA-1@pkg:pypi/zope.interface@2.0.0rc1"]; z == nil {
		t.Error("aliased advisories")
	}
	n := 0
	for _, r := range tg.Resources {
		if r.Type == "vulnerability" {
			n++
		}
	}
	if n != len(want) {
		t.Errorf("%d vulnerability resources, want %d", n, len(want))
	}
}

// Without a database the carried findings have every field the SLA policy reads.
func TestCarriedFindingFields(t *testing.T) {
	tg, err := Parse("bom.json", []byte(vexBOM))
	if err != nil {
		t.Fatal(err)
	}
	f := tg.Input["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"source", "aliases", "published", "published_ns", "first_seen", "first_seen_ns", "fixed", "matched"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding lacks %s: %v", k, f)
		}
	}
	if f["published_ns"] != int(time.Date(2021, 2, 15, 0, 0, 0, 0, time.UTC).UnixNano()) {
		t.Errorf("published_ns %v", f["published_ns"])
	}
}

// SPDX documents carry no vulnerabilities of their own; matches from a
// database are their only ones, on the package the purl names.
func TestJoinAdvisoriesSPDX(t *testing.T) {
	db := fakeDB{"pkg:npm/dual@2.0": {{ID: "GHSA-dual", Source: "osv", Ratings: []Rating{{Severity: "low", Method: "other"}}}}}
	ts, err := New(Options{Advisories: db}).Load(t.Context(), "testdata/spdx/app.spdx.json")
	if err != nil || len(ts) != 1 {
		t.Fatalf("%d targets: %v", len(ts), err)
	}
	fs := ts[0].Input["findings"].([]any)
	if len(fs) != 1 || fs[0].(map[string]any)["address"] != "GHSA-dual@pkg:npm/dual@2.0" || fs[0].(map[string]any)["severity"] != "low" {
		t.Errorf("findings %v", fs)
	}
}
