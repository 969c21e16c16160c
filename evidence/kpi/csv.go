package kpi

import (
	"encoding/csv"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// csvHeader are the columns of WriteCSV, documented in docs/kpi.md.
var csvHeader = []string{"at", "figure", "cut", "key", "value", "passing", "total"}

// WriteCSV writes the report's figures one to a row, for a BI tool: at
// (RFC 3339, the time the figure is of), figure, cut (overall, team,
// kind, policy, severity, …), key (the team, kind, … ; empty overall),
// value, and for shares passing and total. docs/kpi.md lists the figures.
// Lists (the waivers expiring) are in the JSON only.
func WriteCSV(w io.Writer, rep *Report) error {
	cw := csv.NewWriter(w)
	at := rep.At.UTC().Format(time.RFC3339Nano)
	row := func(at, figure, cut, key, value string, passing, total string) {
		cw.Write([]string{at, figure, cut, key, value, passing, total})
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	share := func(figure, cut, key string, s Share) {
		row(at, figure, cut, safe(key), num(s.Value), strconv.Itoa(s.Passing), strconv.Itoa(s.Assets))
	}
	cuts := func(figure, cut string, m map[string]Share) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			share(figure, cut, k, m[k])
		}
	}
	cw.Write(csvHeader)
	c := rep.Coverage
	share("coverage", "overall", "", Share{Value: c.Overall, Passing: c.Passing, Assets: c.Assets})
	cuts("coverage", "team", c.ByTeam)
	cuts("coverage", "kind", c.ByKind)
	cuts("coverage", "policy", c.ByPolicy)
	cuts("coverage", "severity", c.BySeverity)
	a := rep.Adoption
	share("adoption", "overall", "", Share{Value: a.GoldenPath, Passing: a.Passing, Assets: a.Repositories})
	cuts("adoption", "team", a.ByTeam)
	for _, sev := range severities {
		r, s := rep.Remediation[sev], rep.SLA[sev]
		row(at, "remediation_resolved", "severity", sev, strconv.Itoa(r.Resolved), "", "")
		row(at, "remediation_median_days", "severity", sev, num(r.MedianDays), "", "")
		row(at, "remediation_p90_days", "severity", sev, num(r.P90Days), "", "")
		row(at, "sla_days", "severity", sev, strconv.Itoa(s.Days), "", "")
		row(at, "sla_open", "severity", sev, strconv.Itoa(s.Open), "", "")
		row(at, "sla_open_past", "severity", sev, strconv.Itoa(s.OpenPastSLA), "", "")
		row(at, "sla_within", "severity", sev, num(s.WithinSLA), "", "")
		for _, b := range bucketNames {
			row(at, "sla_open_past_bucket", "severity/bucket", sev+"/"+b, strconv.Itoa(s.PastSLABuckets[b]), "", "")
		}
		row(at, "waived_open", "severity", sev, strconv.Itoa(rep.Waived.BySeverity[sev]), "", "")
	}
	row(at, "waived_open", "overall", "", strconv.Itoa(rep.Waived.Open), "", "")
	for _, p := range rep.Trends {
		pat := p.At.UTC().Format(time.RFC3339Nano)
		row(pat, "trend_coverage", "overall", "", num(p.Coverage), "", strconv.Itoa(p.Assets))
		row(pat, "trend_adoption", "overall", "", num(p.Adoption), "", strconv.Itoa(p.Repositories))
		for _, sev := range severities {
			row(pat, "trend_open_past_sla", "severity", sev, strconv.Itoa(p.OpenPastSLA[sev]), "", "")
			row(pat, "trend_week_median_days", "severity", sev, num(p.MedianDays[sev]), "", "")
		}
		row(pat, "trend_policy_change", "overall", "", strconv.Itoa(boolInt(p.PolicyChange)), "", "")
	}
	for _, ch := range rep.PolicySet {
		cat := ch.At.UTC().Format(time.RFC3339Nano)
		for _, id := range ch.Added {
			row(cat, "policy_added", "policy", safe(id), "1", "", "")
		}
		for _, id := range ch.Removed {
			row(cat, "policy_removed", "policy", safe(id), "1", "", "")
		}
	}
	row(at, "store_runs", "overall", "", strconv.Itoa(rep.Store.Runs), "", "")
	row(at, "store_assets", "overall", "", strconv.Itoa(rep.Store.Assets), "", "")
	row(at, "stale_days", "overall", "", strconv.Itoa(rep.Store.StaleDays), "", "")
	cw.Flush()
	return cw.Error()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// safe keeps a spreadsheet from reading a name from the store (a team, a
// policy id) as a formula: one starting with = + - @ or a tab is quoted
// with a leading apostrophe, as OWASP advises for CSV injection.
func safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
