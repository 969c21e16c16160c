package serve

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
)

// Charts are inline SVG drawn here: the dashboard runs offline, with no
// script and nothing fetched. Every text in them is escaped; every mark
// carries a <title> a browser shows on hover.

var esc = template.HTMLEscapeString

// Colours, shared with the stylesheet.
const (
	colCoverage = "#1d4ed8"
	colAdoption = "#15803d"
	colChange   = "#b45309"
	colGrid     = "#d4d4d8"
	colText     = "#3f3f46"
)

var verdictColour = map[string]string{
	"pass": "#16a34a", "advisory": "#65a30d", "waived": "#0891b2",
	"warn": "#d97706", "fail": "#dc2626", "error": "#7c3aed",
}

var bucketColour = []string{"#fcd34d", "#fb923c", "#ef4444", "#7f1d1d"}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", v*100) }

// trendChart draws coverage and golden-path adoption week by week, with
// a marker on each week the policy set changed.
func trendChart(points []kpi.Point, changes []kpi.PolicySetChange) template.HTML {
	if len(points) == 0 {
		return ""
	}
	const W, H, left, right, top, bottom = 720.0, 240.0, 44.0, 12.0, 14.0, 36.0
	pw, ph := W-left-right, H-top-bottom
	x := func(i int) float64 {
		if len(points) == 1 {
			return left + pw/2
		}
		return left + pw*float64(i)/float64(len(points)-1)
	}
	y := func(v float64) float64 { return top + ph*(1-clamp01(v)) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="Coverage and golden-path adoption by week">`, W, H, W, H)
	for _, g := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(&b, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1"/>`, left, W-right, y(g), y(g), colGrid)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end" font-size="11" fill="%s">%d%%</text>`, left-6, y(g)+4, colText, int(g*100))
	}
	// Policy-set changes: a dashed line on the week, saying what changed.
	changed := changesByWeek(points, changes)
	for i, p := range points {
		if !p.PolicyChange {
			continue
		}
		what := "the policy set changed this week: a move in coverage may be the policies', not the fleet's"
		if c := changed[i]; c != "" {
			what += " (" + c + ")"
		}
		fmt.Fprintf(&b, `<g class="policy-change"><title>%s: %s</title><line x1="%.1f" x2="%.1f" y1="%g" y2="%g" stroke="%s" stroke-width="1.5" stroke-dasharray="4 3"/>`,
			p.At.Format(time.DateOnly), esc(what), x(i), x(i), top, top+ph, colChange)
		fmt.Fprintf(&b, `<path d="M%.1f %g l-5 -9 h10 z" fill="%s"/></g>`, x(i), top+1, colChange)
	}
	// A week with nothing to count has no figure: the line breaks there.
	// Each figure has its own whole: coverage's assets, adoption's
	// repositories.
	series := func(colour, dash string, v func(kpi.Point) float64, whole func(kpi.Point) int) {
		var pts []string
		flush := func() {
			if len(pts) > 0 {
				fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2.5" stroke-dasharray="%s" points="%s"/>`, colour, dash, strings.Join(pts, " "))
			}
			pts = pts[:0]
		}
		for i, p := range points {
			if whole(p) == 0 {
				flush()
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(v(p))))
		}
		flush()
	}
	assets := func(p kpi.Point) int { return p.Assets }
	repos := func(p kpi.Point) int { return p.Repositories }
	series(colCoverage, "none", func(p kpi.Point) float64 { return p.Coverage }, assets)
	series(colAdoption, "6 4", func(p kpi.Point) float64 { return p.Adoption }, repos)
	for i, p := range points {
		if p.Assets > 0 {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>week to %s: coverage %s of %d assets</title></circle>`,
				x(i), y(p.Coverage), colCoverage, p.At.Format(time.DateOnly), pct(p.Coverage), p.Assets)
		}
		if p.Repositories > 0 {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>week to %s: golden-path adoption %s of %d repositories</title></circle>`,
				x(i), y(p.Adoption), colAdoption, p.At.Format(time.DateOnly), pct(p.Adoption), p.Repositories)
		}
	}
	// Dates: the first, the last and one between.
	labels := map[int]bool{0: true, len(points) - 1: true, (len(points) - 1) / 2: true}
	for i := range points {
		if labels[i] {
			anchor := "middle"
			if i == 0 && len(points) > 1 {
				anchor = "start"
			} else if i == len(points)-1 && len(points) > 1 {
				anchor = "end"
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="%s" font-size="11" fill="%s">%s</text>`, x(i), H-bottom+16, anchor, colText, points[i].At.Format(time.DateOnly))
		}
	}
	fmt.Fprintf(&b, `<g font-size="11" fill="%s"><line x1="%g" x2="%g" y1="%g" y2="%g" stroke="%s" stroke-width="2.5"/><text x="%g" y="%g">coverage</text>`,
		colText, left, left+18, H-6, H-6, colCoverage, left+22, H-2)
	fmt.Fprintf(&b, `<line x1="%g" x2="%g" y1="%g" y2="%g" stroke="%s" stroke-width="2.5" stroke-dasharray="6 4"/><text x="%g" y="%g">golden-path adoption</text>`,
		left+90, left+108, H-6, H-6, colAdoption, left+112, H-2)
	fmt.Fprintf(&b, `<line x1="%g" x2="%g" y1="%g" y2="%g" stroke="%s" stroke-width="1.5" stroke-dasharray="4 3"/><text x="%g" y="%g">policy set changed</text></g>`,
		left+250, left+268, H-6, H-6, colChange, left+272, H-2)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// changesByWeek says, for each point, which policies were added or
// removed in the week that ends at it.
func changesByWeek(points []kpi.Point, changes []kpi.PolicySetChange) map[int]string {
	out := map[int]string{}
	for i, p := range points {
		start := p.At.Add(-7 * 24 * time.Hour)
		var parts []string
		for _, c := range changes {
			if c.At.After(start) && !c.At.After(p.At) {
				if len(c.Added) > 0 {
					parts = append(parts, "added "+strings.Join(c.Added, ", "))
				}
				if len(c.Removed) > 0 {
					parts = append(parts, "removed "+strings.Join(c.Removed, ", "))
				}
			}
		}
		if len(parts) > 0 {
			out[i] = strings.Join(parts, "; ")
		}
	}
	return out
}

func clamp01(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return math.Max(0, math.Min(1, v))
}

// remediationChart draws, per severity, the median and p90 days to
// remediate and the SLA as a tick.
func remediationChart(rows []sevRow) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	const W, left, right, rowH, top = 720.0, 80.0, 240.0, 30.0, 8.0
	H := top + rowH*float64(len(rows)) + 24
	scale := 1.0
	for _, r := range rows {
		scale = math.Max(scale, math.Max(r.Remed.P90Days, float64(r.SLA.Days)))
	}
	pw := W - left - right
	x := func(d float64) float64 { return left + pw*math.Max(0, d)/scale }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="Days to remediate by severity">`, W, H, W, H)
	for i, r := range rows {
		y := top + rowH*float64(i)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end" font-size="12" fill="%s">%s</text>`, left-8, y+17, colText, esc(r.Severity))
		if r.Remed.Resolved > 0 {
			fmt.Fprintf(&b, `<rect x="%g" y="%.1f" width="%.1f" height="18" fill="#bfdbfe"><title>%s: p90 %.1f days</title></rect>`, left, y+4, x(r.Remed.P90Days)-left, esc(r.Severity), r.Remed.P90Days)
			fmt.Fprintf(&b, `<rect x="%g" y="%.1f" width="%.1f" height="18" fill="%s"><title>%s: median %.1f days</title></rect>`, left, y+4, x(r.Remed.MedianDays)-left, colCoverage, esc(r.Severity), r.Remed.MedianDays)
		}
		if r.SLA.Days > 0 {
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"><title>%s SLA: %d days</title></line>`, x(float64(r.SLA.Days)), x(float64(r.SLA.Days)), y+1, y+25, "#dc2626", esc(r.Severity), r.SLA.Days)
		}
		label := "none resolved"
		if r.Remed.Resolved > 0 {
			label = fmt.Sprintf("median %.1f d, p90 %.1f d (%d)", r.Remed.MedianDays, r.Remed.P90Days, r.Remed.Resolved)
		}
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="12" fill="%s">%s</text>`, W-right+8, y+17, colText, esc(label))
	}
	yl := top + rowH*float64(len(rows)) + 16
	fmt.Fprintf(&b, `<g font-size="11" fill="%s"><rect x="%g" y="%g" width="14" height="10" fill="%s"/><text x="%g" y="%g">median</text><rect x="%g" y="%g" width="14" height="10" fill="#bfdbfe"/><text x="%g" y="%g">p90</text><line x1="%g" x2="%g" y1="%g" y2="%g" stroke="#dc2626" stroke-width="2"/><text x="%g" y="%g">SLA</text></g>`,
		colText, left, yl-9, colCoverage, left+18, yl, left+70, yl-9, left+88, yl, left+130, left+130, yl-10, yl+1, left+136, yl)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// slaChart draws, per severity, the open findings past SLA stacked by how
// long past.
func slaChart(rows []sevRow) template.HTML {
	const W, left, right, rowH, top = 720.0, 80.0, 120.0, 30.0, 8.0
	total, most := 0, 0
	for _, r := range rows {
		n := 0
		for _, c := range r.Buckets {
			n += c
		}
		total += n
		most = max(most, n)
	}
	if total == 0 {
		return ""
	}
	H := top + rowH*float64(len(rows)) + 24
	pw := W - left - right
	buckets := kpi.PastSLABuckets()
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="Open findings past SLA by severity and how long past">`, W, H, W, H)
	for i, r := range rows {
		y := top + rowH*float64(i)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end" font-size="12" fill="%s">%s</text>`, left-8, y+17, colText, esc(r.Severity))
		at, n := left, 0
		for j, c := range r.Buckets {
			if c == 0 {
				continue
			}
			w := pw * float64(c) / float64(most)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="18" fill="%s"><title>%s: %d past SLA by %s</title></rect>`, at, y+4, w, bucketColour[j], esc(r.Severity), c, buckets[j])
			at += w
			n += c
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="%s">%d</text>`, at+6, y+17, colText, n)
	}
	yl := top + rowH*float64(len(rows)) + 16
	b.WriteString(`<g font-size="11" fill="` + colText + `">`)
	for j, name := range buckets {
		xx := left + float64(j)*90
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="14" height="10" fill="%s"/><text x="%g" y="%g">%s past</text>`, xx, yl-9, bucketColour[j], xx+18, yl, name)
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String())
}

// timelineChart draws an asset's verdict on each policy over time: one row
// a policy, one coloured bar a verdict interval.
func timelineChart(d *kpi.AssetDetail) template.HTML {
	if len(d.History) == 0 {
		return ""
	}
	type row struct {
		policy string
		spans  []kpi.VerdictSpan
	}
	rowsBy := map[string]*row{}
	var order []string
	start := d.At
	for _, s := range d.History {
		r := rowsBy[s.PolicyID]
		if r == nil {
			r = &row{policy: s.PolicyID}
			rowsBy[s.PolicyID] = r
			order = append(order, s.PolicyID)
		}
		r.spans = append(r.spans, s)
		if s.From.Before(start) {
			start = s.From
		}
	}
	sort.Strings(order)
	const maxRows = 60
	truncated := len(order) > maxRows
	if truncated {
		order = order[:maxRows]
	}
	end := d.At
	if !end.After(start) {
		start = end.Add(-24 * time.Hour)
	}
	const W, left, right, rowH, top = 720.0, 130.0, 10.0, 16.0, 6.0
	H := top + rowH*float64(len(order)) + 40
	pw := W - left - right
	span := end.Sub(start).Seconds()
	x := func(t time.Time) float64 {
		return left + pw*math.Max(0, math.Min(1, t.Sub(start).Seconds()/span))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="Verdict history by policy">`, W, H, W, H)
	for i, p := range order {
		y := top + rowH*float64(i)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end" font-size="11" fill="%s">%s</text>`, left-6, y+11, colText, esc(p))
		for _, s := range rowsBy[p].spans {
			to := end
			toText := "now"
			if s.To != nil {
				to, toText = *s.To, s.To.Format(time.DateOnly)
			}
			w := math.Max(x(to)-x(s.From), 1.5)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="12" fill="%s"><title>%s: %s from %s to %s</title></rect>`,
				x(s.From), y+1, w, colourOf(s.Verdict), esc(p), esc(s.Verdict), s.From.Format(time.DateOnly), toText)
		}
	}
	ya := top + rowH*float64(len(order)) + 14
	fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="11" fill="%s">%s</text><text x="%g" y="%g" text-anchor="end" font-size="11" fill="%s">%s</text>`,
		left, ya, colText, start.Format(time.DateOnly), W-right, ya, colText, end.Format(time.DateOnly))
	b.WriteString(`<g font-size="11" fill="` + colText + `">`)
	for j, v := range []string{"pass", "advisory", "waived", "warn", "fail", "error"} {
		xx := left + float64(j)*80
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="14" height="10" fill="%s"/><text x="%g" y="%g">%s</text>`, xx, ya+9, verdictColour[v], xx+18, ya+18, v)
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String())
}

func colourOf(verdict string) string {
	if c, ok := verdictColour[verdict]; ok {
		return c
	}
	return "#71717a"
}
