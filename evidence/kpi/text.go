package kpi

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine/report"
)

// WriteJSON writes the report as the paved.kpi/v1 document
// (schemas/paved.kpi.v1.json).
func WriteJSON(w io.Writer, rep *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// textRows bounds the long lists of the table (policies, waivers): the
// JSON and CSV have them all.
const textRows = 10

// ANSI escapes for the table on a terminal.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiRed   = "\x1b[31m"
)

// WriteText writes the report as tables for a terminal or a CI log:
// coverage and adoption with their cuts, remediation and SLA by severity,
// waivers expiring soonest, and the weekly trend. color adds ANSI bold
// and red (for a terminal).
func WriteText(w io.Writer, rep *Report, color bool) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + ansiReset
	}
	head := func(title, rest string) {
		fmt.Fprintf(bw, "\n%s  %s\n", paint(ansiBold, title), rest)
	}

	scope := ""
	if f := rep.Filter; f.Team != "" || f.Kind != "" {
		var parts []string
		if f.Team != "" {
			parts = append(parts, "team "+report.Clean(f.Team))
		}
		if f.Kind != "" {
			parts = append(parts, "kind "+report.Clean(f.Kind))
		}
		scope = "; " + strings.Join(parts, ", ")
	}
	fmt.Fprintf(bw, "%s at %s (window from %s%s)\n", paint(ansiBold, "KPIs"), stamp(rep.At), stamp(rep.Since), scope)
	s := rep.Store
	if s.Runs == 0 {
		fmt.Fprintf(bw, "the store has no runs yet: record some with paved check --store\n")
	} else {
		fmt.Fprintf(bw, "store: %s from %s to %s, %s; assets not judged for %d days are left out\n",
			report.Plural(s.Runs, "run", "runs"), stamp(s.FirstRun), stamp(s.LastRun), report.Plural(s.Assets, "asset", "assets"), s.StaleDays)
	}

	c := rep.Coverage
	which := "policies tagged baseline"
	if c.Baseline == "deny" {
		which = "deny policies (none is tagged baseline)"
	}
	head("COVERAGE", fmt.Sprintf("%s  %d of %s pass every baseline policy that judged them (%s)", pct(c.Overall, c.Assets), c.Passing, report.Plural(c.Assets, "asset", "assets"), which))
	shareTable(bw, "team", c.ByTeam, 0)
	shareTable(bw, "kind", c.ByKind, 0)
	shareTable(bw, "severity", c.BySeverity, 0)
	shareTable(bw, "policy", c.ByPolicy, textRows)

	a := rep.Adoption
	head("ADOPTION", fmt.Sprintf("%s  %d of %s pass every golden-path policy that judged them", pct(a.GoldenPath, a.Repositories), a.Passing, report.Plural(a.Repositories, "repository", "repositories")))
	shareTable(bw, "team", a.ByTeam, 0)

	head("REMEDIATION AND SLA", fmt.Sprintf("findings resolved since %s; open ones at %s, waived ones apart", stamp(rep.Since), stamp(rep.At)))
	fmt.Fprintf(bw, "  %-9s %5s %9s %8s %8s %11s %6s %9s %6s %6s %7s %6s\n", "severity", "SLA", "resolved", "median", "p90", "within SLA", "open", "past SLA", "0-7d", "7-30d", "30-90d", "90d+")
	for _, sev := range severities {
		r, l := rep.Remediation[sev], rep.SLA[sev]
		within := "-"
		if r.Resolved > 0 {
			within = fmt.Sprintf("%.1f%%", 100*l.WithinSLA)
		}
		past := fmt.Sprintf("%9d", l.OpenPastSLA)
		if l.OpenPastSLA > 0 {
			past = paint(ansiRed, past)
		}
		fmt.Fprintf(bw, "  %-9s %4dd %9d %8s %8s %11s %6d %s %6d %6d %7d %6d\n", sev, l.Days, r.Resolved, days(r.MedianDays, r.Resolved), days(r.P90Days, r.Resolved),
			within, l.Open, past, l.PastSLABuckets["0-7d"], l.PastSLABuckets["7-30d"], l.PastSLABuckets["30-90d"], l.PastSLABuckets["90d+"])
	}

	wv := rep.Waived
	var bySev []string
	for _, sev := range severities {
		bySev = append(bySev, fmt.Sprintf("%s %d", sev, wv.BySeverity[sev]))
	}
	head("WAIVED", fmt.Sprintf("%s under a waiver (%s): their SLA clock is paused", report.Plural(wv.Open, "open finding", "open findings"), strings.Join(bySev, ", ")))
	for i, f := range wv.Expiring {
		if i == textRows {
			fmt.Fprintf(bw, "  %s\n", paint(ansiDim, fmt.Sprintf("%d more: --format json lists %d", wv.Open-textRows, min(wv.Open, maxExpiring))))
			break
		}
		exp := "expires " + f.Expires
		switch {
		case f.Expires == "":
			exp = "never expires"
		case f.Expires < rep.At.UTC().Format(time.DateOnly):
			// No run has judged the finding since: it stays waived
			// until one does.
			exp = "expired " + f.Expires
		}
		fmt.Fprintf(bw, "  %-18s  %-8s %s  %s  %s  (waiver %s, owner %s)\n", report.Clean(exp), f.Severity, report.Clean(f.PolicyID), report.Clean(f.Target), report.Clean(f.Resource), report.Clean(f.WaiverID), report.Clean(f.Owner))
	}

	head("TREND", "weekly; * the policy set changed that week")
	fmt.Fprintf(bw, "  %-12s %9s %7s %9s  %-19s %s\n", "week to", "coverage", "assets", "adoption", "past SLA c/h/m/l", "median days c/h/m/l")
	for _, p := range rep.Trends {
		mark := " "
		if p.PolicyChange {
			mark = "*"
		}
		var past, med []string
		for _, sev := range severities {
			past = append(past, fmt.Sprint(p.OpenPastSLA[sev]))
			if m := p.MedianDays[sev]; m > 0 {
				med = append(med, fmt.Sprintf("%.1f", m))
			} else {
				med = append(med, "-")
			}
		}
		fmt.Fprintf(bw, "%s %-12s %9s %7d %9s  %-19s %s\n", mark, p.At.Format(time.DateOnly), pct(p.Coverage, p.Assets), p.Assets, pct(p.Adoption, p.Repositories),
			strings.Join(past, "/"), strings.Join(med, "/"))
	}
	if len(rep.PolicySet) > 0 {
		head("POLICY SET", "changes in the window")
		for _, ch := range rep.PolicySet {
			if len(ch.Added) > 0 {
				fmt.Fprintf(bw, "  %s  added    %s\n", stamp(ch.At), report.Clean(strings.Join(ch.Added, ", ")))
			}
			if len(ch.Removed) > 0 {
				fmt.Fprintf(bw, "  %s  removed  %s\n", stamp(ch.At), report.Clean(strings.Join(ch.Removed, ", ")))
			}
		}
	}
	return bw.Flush()
}

// shareTable writes one cut of a share, worst first (then by name); at
// most limit rows when limit > 0.
func shareTable(w io.Writer, cut string, m map[string]Share, limit int) {
	if len(m) == 0 {
		return
	}
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(m[a].Value, m[b].Value), cmp.Compare(a, b)) })
	width := len(cut)
	for _, k := range keys {
		width = max(width, len(report.Clean(k)))
	}
	width = min(width, 48)
	fmt.Fprintf(w, "  %-*s %9s %8s %8s\n", width, cut, "share", "passing", "of")
	for i, k := range keys {
		if limit > 0 && i == limit {
			fmt.Fprintf(w, "  … %d more %s cuts: --format json or csv has them all\n", len(keys)-limit, cut)
			break
		}
		s := m[k]
		fmt.Fprintf(w, "  %-*s %9s %8d %8d\n", width, report.Clean(k), pct(s.Value, s.Assets), s.Passing, s.Assets)
	}
}

// pct is a share as a percentage, "-" when there is nothing to share.
func pct(v float64, whole int) string {
	if whole == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

func days(d float64, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fd", d)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
