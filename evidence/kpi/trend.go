package kpi

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// A trend's figures are computed for many points by one pass over the
// tables: each point is a pair of columns of one query (an asset judged
// then, and failing then), not a query of its own. chunk bounds the
// points of one query.
const chunk = 16

// trends are the weekly points from o.Since to o.At, oldest first.
func (q *querier) trends(ctx context.Context) ([]Point, error) {
	pts := points(q.o)
	out := make([]Point, len(pts))
	for i, t := range pts {
		out[i] = Point{At: time.Unix(0, t).UTC(), OpenPastSLA: map[string]int{}}
		for _, s := range severities {
			out[i].OpenPastSLA[s] = 0
		}
	}
	medians, err := q.weeklyMedians(ctx, pts)
	if err != nil {
		return nil, err
	}
	// Changes back to the first point's week, which may start before Since.
	changes, err := q.policyChanges(ctx, pts[0]-week, pts[len(pts)-1])
	if err != nil {
		return nil, err
	}
	for i, t := range pts {
		out[i].MedianDays = medians[i]
		j := sort.Search(len(changes), func(j int) bool { return changes[j].At.UnixNano() > t-week })
		out[i].PolicyChange = j < len(changes) && changes[j].At.UnixNano() <= t
	}
	for from := 0; from < len(pts); from += chunk {
		part := pts[from:min(from+chunk, len(pts))]
		if err := q.coverageTrend(ctx, part, out[from:]); err != nil {
			return nil, err
		}
		if err := q.adoptionTrend(ctx, part, out[from:]); err != nil {
			return nil, err
		}
		if err := q.pastSLATrend(ctx, part, out[from:]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// shareTrend runs a query of the points' shares: per group (an asset, a
// repository) of verdicts, whether it was judged at each point and whether
// it failed; counted over the groups, they are each point's share.
//
// Each verdict row is turned into the span of points it counts at — from
// the first point at or after both its start and the asset's first run,
// to the last before its end, the asset's going stale and its policy's
// going (inForce) — and rows of one group with the same span and verdict
// are merged before the points' columns are worked out: a few rows per
// group instead of one per policy.
func (q *querier) shareTrend(ctx context.Context, what, where, group string, pts []int64) (passing, whole []int, err error) {
	passing, whole = make([]int, len(pts)), make([]int, len(pts))
	dest := make([]any, 0, 2*len(pts))
	for k := range pts {
		dest = append(dest, &whole[k], &passing[k])
	}
	if err := q.db.QueryRowContext(ctx, q.shareTrendSQL(where, group, pts), q.args...).Scan(dest...); err != nil {
		return nil, nil, fmt.Errorf("kpi: %s trend: %w", what, err)
	}
	return passing, whole, nil
}

// shareTrendSQL is shareTrend's query.
func (q *querier) shareTrendSQL(where, group string, pts []int64) string {
	lo, hi, n := pts[0], pts[len(pts)-1], len(pts)
	start := greatest("v.from_ns", "a.first_seen_ns")
	end := least(least("COALESCE(v.to_ns, "+fmt.Sprint(never)+")", fmt.Sprintf("a.last_seen_ns + %d", q.stale+1)),
		fmt.Sprintf("CASE WHEN p.last_seen_ns >= a.last_seen_ns THEN %d ELSE p.gone_ns END", never))
	var inner, outer []string
	for k := range pts {
		in := fmt.Sprintf("first <= %d AND last >= %d", k, k)
		inner = append(inner, fmt.Sprintf("MAX(CASE WHEN %s THEN 1 ELSE 0 END) AS j%d, MAX(CASE WHEN %s THEN f ELSE 0 END) AS f%d", in, k, in, k))
		outer = append(outer, fmt.Sprintf("COALESCE(SUM(j%d), 0), COALESCE(SUM(j%d * (1 - f%d)), 0)", k, k, k))
	}
	rows := fmt.Sprintf(`SELECT %s AS grp, %s AS f, %s AS s, %s AS e
	FROM %s
	WHERE %s AND a.first_seen_ns <= %d AND a.last_seen_ns >= %d AND v.from_ns <= %d AND (v.to_ns IS NULL OR v.to_ns > %d)%s`,
		group, failing, start, end, q.assetVerdicts(), where, hi, lo-q.stale, hi, lo, q.filter)
	spans := fmt.Sprintf(`SELECT grp, CASE WHEN s <= %[1]d THEN 0 ELSE (s - %[1]d + %[3]d) / %[4]d END AS first,
		CASE WHEN e > %[2]d THEN %[5]d ELSE (e - %[1]d - 1) / %[4]d END AS last, MAX(f) AS f
	FROM r WHERE s <= %[2]d AND e > %[1]d GROUP BY 1, 2, 3`, lo, hi, week-1, week, n-1)
	return `WITH ` + q.policies() + `,
r AS (` + rows + `),
spans AS (` + spans + `)
SELECT ` + strings.Join(outer, ", ") + ` FROM (SELECT ` + strings.Join(inner, ",\n\t") + ` FROM spans GROUP BY grp) x`
}

// coverageTrend fills the points' coverage and assets.
func (q *querier) coverageTrend(ctx context.Context, pts []int64, out []Point) error {
	passing, assets, err := q.shareTrend(ctx, "coverage", q.baseline(), "a.target_kind || ':' || a.target_id", pts)
	if err != nil {
		return err
	}
	for k := range pts {
		out[k].Coverage, out[k].Assets = ratio(passing[k], assets[k]), assets[k]
	}
	return nil
}

// adoptionTrend fills the points' golden-path adoption.
func (q *querier) adoptionTrend(ctx context.Context, pts []int64, out []Point) error {
	passing, repos, err := q.shareTrend(ctx, "adoption", "p.golden_path = 1 AND a.target_repo <> ''", "a.target_repo", pts)
	if err != nil {
		return err
	}
	for k := range pts {
		out[k].Adoption, out[k].Repositories = ratio(passing[k], repos[k]), repos[k]
	}
	return nil
}

// pastSLATrend fills the points' open findings past their SLA. A finding
// never waived is past it from SLA days after its first sighting (and its
// asset's) until it is resolved or its asset goes stale: a span of points,
// and findings of one severity and span are counted together. A finding
// waived at some time is judged at each point with its waived periods.
func (q *querier) pastSLATrend(ctx context.Context, pts []int64, out []Point) error {
	lo, hi, n := pts[0], pts[len(pts)-1], len(pts)
	among := fmt.Sprintf(`f.status <> 'error' AND %s AND f.first_seen_ns <= %d AND (f.resolved_ns IS NULL OR f.resolved_ns > %d)
		AND a.first_seen_ns <= %d AND a.last_seen_ns >= %d%s`, inSeverities, hi, lo, hi, lo-q.stale, q.filter)
	start := greatest("a.first_seen_ns", "f.first_seen_ns + "+q.sla+" + 1")
	end := least(fmt.Sprintf("COALESCE(f.resolved_ns, %d)", never), fmt.Sprintf("a.last_seen_ns + %d", q.stale+1))
	var plain, waived, outer []string
	for k, t := range pts {
		plain = append(plain, fmt.Sprintf("SUM(CASE WHEN first <= %d AND last >= %d THEN n ELSE 0 END)", k, k))
		end := fmt.Sprint(t)
		overlap := `CASE WHEN w.from_ns < ` + end + ` AND (w.to_ns IS NULL OR w.to_ns > f.first_seen_ns) THEN ` +
			least("COALESCE(w.to_ns, "+end+")", end) + ` - ` + greatest("w.from_ns", "f.first_seen_ns") + ` ELSE 0 END`
		covers := fmt.Sprintf(`CASE WHEN w.from_ns <= %d AND (w.to_ns IS NULL OR w.to_ns > %d) THEN 1 ELSE 0 END`, t, t)
		open := fmt.Sprintf(`a.first_seen_ns <= %d AND a.last_seen_ns >= %d AND f.first_seen_ns <= %d AND (f.resolved_ns IS NULL OR f.resolved_ns > %d)`, t, t-q.stale, t, t)
		waived = append(waived, fmt.Sprintf(`CASE WHEN %s AND MAX(%s) = 0 AND %d - f.first_seen_ns - SUM(%s) > %s THEN 1 ELSE 0 END`,
			open, covers, t, overlap, q.sla))
		outer = append(outer, fmt.Sprintf("SUM(p%d)", k))
	}
	for k := range pts {
		plain[k] += fmt.Sprintf(" AS p%d", k)
		waived[k] += fmt.Sprintf(" AS p%d", k)
	}
	query := fmt.Sprintf(`WITH never_waived AS (
	SELECT f.severity AS sev, %s AS s, %s AS e
	FROM %s
	WHERE %s AND NOT EXISTS (SELECT 1 FROM waived_periods w WHERE w.fingerprint = f.fingerprint)
),
spans AS (
	SELECT sev, CASE WHEN s <= %[5]d THEN 0 ELSE (s - %[5]d + %[7]d) / %[8]d END AS first,
		CASE WHEN e > %[6]d THEN %[9]d ELSE (e - %[5]d - 1) / %[8]d END AS last, COUNT(*) AS n
	FROM never_waived WHERE s <= %[6]d AND e > %[5]d GROUP BY 1, 2, 3
)
SELECT sev, %[10]s FROM (
	SELECT sev, %[11]s FROM spans GROUP BY sev
	UNION ALL
	SELECT f.severity AS sev, %[12]s
	FROM %[3]s JOIN waived_periods w ON w.fingerprint = f.fingerprint
	WHERE %[4]s
	GROUP BY f.fingerprint, f.severity, f.first_seen_ns, f.resolved_ns, a.first_seen_ns, a.last_seen_ns
) x GROUP BY sev`, start, end, q.findingAssets(), among, lo, hi, week-1, week, n-1,
		strings.Join(outer, ", "), strings.Join(plain, ", "), strings.Join(waived, ",\n\t\t"))
	rows, err := q.db.QueryContext(ctx, query, q.args...)
	if err != nil {
		return fmt.Errorf("kpi: SLA trend: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sev string
		n := make([]int, len(pts))
		dest := []any{&sev}
		for k := range n {
			dest = append(dest, &n[k])
		}
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("kpi: SLA trend: %w", err)
		}
		for k := range pts {
			out[k].OpenPastSLA[sev] = n[k]
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("kpi: SLA trend: %w", err)
	}
	return nil
}
