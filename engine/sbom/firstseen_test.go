package sbom

import (
	"testing"
	"time"
)

func TestSetFirstSeen(t *testing.T) {
	tg := mustParse(t, sample)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	earlier := now.AddDate(0, 0, -40)
	SetFirstSeen(tg, map[string]time.Time{
		"CVE-2021-23337@pkg:npm/lodash@4.17.21": earlier,
		"CVE-2021-23337@pkg:npm/other@1.0":      now.AddDate(0, 0, 1), // a clock that went back: now
	}, now)
	fs := tg.Input["findings"].([]any)
	want := map[string]time.Time{"CVE-2021-23337@pkg:npm/lodash@4.17.21": earlier, "CVE-2021-23337@pkg:npm/other@1.0": now}
	if len(fs) != len(want) {
		t.Fatalf("%d findings", len(fs))
	}
	for _, f := range fs {
		f := f.(map[string]any)
		w := want[f["address"].(string)]
		if f["first_seen_ns"] != int(w.UnixNano()) || f["first_seen"] != w.Format(time.RFC3339) {
			t.Errorf("%s: first seen %v %v, want %v", f["address"], f["first_seen"], f["first_seen_ns"], w)
		}
	}
	v := tg.Input["vulnerabilities"].([]any)[0].(map[string]any)
	if v["first_seen_ns"] != int(earlier.UnixNano()) {
		t.Errorf("vulnerability first seen %v, want its earliest finding's", v["first_seen"])
	}
	if got := FindingAddresses(tg); len(got) != 2 || got[0] != "CVE-2021-23337@pkg:npm/lodash@4.17.21" {
		t.Errorf("finding addresses %q", got)
	}
	// Never seen: now.
	tg = mustParse(t, sample)
	SetFirstSeen(tg, nil, now)
	if f := tg.Input["findings"].([]any)[0].(map[string]any); f["first_seen_ns"] != int(now.UnixNano()) {
		t.Errorf("unseen finding first seen %v", f["first_seen"])
	}
}
