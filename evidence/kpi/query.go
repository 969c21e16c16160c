package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paved-dev/paved/evidence/store"
)

// querier builds and runs the queries of one Compute. Times and SLA
// lengths it computed itself are written into the SQL as integers; what
// the caller gave (the filter's team and kind) goes as parameters ($1,
// $2, which both SQLite and PostgreSQL read).
type querier struct {
	db    *sql.DB
	o     Options
	stale int64 // ns
	// filter is the conditions on assets a of Options.Filter, args its
	// parameters.
	filter string
	args   []any
	// tagged is chooseBaseline's choice: the policies tagged baseline
	// (true), or every deny policy.
	tagged bool
	// sla is the SLA of finding f, in ns, by its severity.
	sla string
	// materialized is the hint that makes SQLite compute a WITH table
	// once rather than inline it where it is used ("" for PostgreSQL,
	// which materializes what it should).
	materialized string
	// fromAssets joins from the assets first (CROSS JOIN, whose order
	// SQLite keeps) when a filter narrows them: left to itself SQLite
	// starts from the policies or the findings and reads them all.
	// PostgreSQL's planner orders joins by itself.
	fromAssets string
}

// failing is 0 for a passing verdict v (store.PassingVerdicts), 1 for a
// failing one. A verdict paved does not know is failing: figures fail
// closed.
var failing = func() string {
	quoted := make([]string, len(store.PassingVerdicts))
	for i, v := range store.PassingVerdicts {
		quoted[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return "CASE WHEN v.verdict IN (" + strings.Join(quoted, ", ") + ") THEN 0 ELSE 1 END"
}()

// verdictFails says whether a verdict fails its policy, as failing does:
// any but store.PassingVerdicts.
func verdictFails(verdict string) bool { return !slices.Contains(store.PassingVerdicts, verdict) }

// inSeverities limits findings to the four severities.
const inSeverities = `f.severity IN ('critical', 'high', 'medium', 'low')`

func newQuerier(db *sql.DB, dialect string, o Options) *querier {
	q := &querier{db: db, o: o, stale: int64(o.StaleDays) * day}
	q.fromAssets = "JOIN"
	if dialect == "sqlite" {
		q.materialized = " MATERIALIZED"
		if o.Filter != (Filter{}) {
			q.fromAssets = "CROSS JOIN"
		}
	}
	if t := o.Filter.Team; t != "" {
		if t == NoTeam {
			t = ""
		}
		q.args = append(q.args, t)
		q.filter += fmt.Sprintf(" AND a.owner = $%d", len(q.args))
	}
	if k := o.Filter.Kind; k != "" {
		q.args = append(q.args, k)
		q.filter += fmt.Sprintf(" AND a.target_kind = $%d", len(q.args))
	}
	var b strings.Builder
	b.WriteString("CASE f.severity")
	for _, s := range severities {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", s, int64(o.SLA[s])*day)
	}
	b.WriteString(" END")
	q.sla = b.String()
	return q
}

// team is how an owner is shown.
func team(owner string) string {
	if owner == "" {
		return NoTeam
	}
	return owner
}

// chooseBaseline picks the baseline policies: those tagged baseline when
// any policy is, else every deny policy.
func (q *querier) chooseBaseline(ctx context.Context) error {
	var tagged int
	if err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM policies WHERE baseline_tag = 1`).Scan(&tagged); err != nil {
		return fmt.Errorf("kpi: policies: %w", err)
	}
	q.tagged = tagged > 0
	return nil
}

// baseline is the condition on policies p that makes one a baseline
// policy (chooseBaseline).
func (q *querier) baseline() string {
	if q.tagged {
		return "p.baseline_tag = 1"
	}
	return "p.enforcement = 'deny'"
}

// baselineKind is Coverage.Baseline: "tagged" or "deny".
func (q *querier) baselineKind() string {
	if q.tagged {
		return "tagged"
	}
	return "deny"
}

// live is the condition that asset a is live at t (judged since its
// first run, not stale) and within the filter.
func (q *querier) live(t int64) string {
	return fmt.Sprintf("a.first_seen_ns <= %d AND a.last_seen_ns >= %d", t, t-q.stale) + q.filter
}

// never is a time after any the store holds.
const never = int64(math.MaxInt64 / 2)

// policies is the WITH table p of the policies, each with gone_ns: the
// first run after the last run that had it (never while the latest run
// has it).
func (q *querier) policies() string {
	return fmt.Sprintf(`p AS%s (SELECT policy_id, title, severity, enforcement, baseline_tag, golden_path, last_seen_ns,
	COALESCE((SELECT MIN(r.started_ns) FROM runs r WHERE r.started_ns > policies.last_seen_ns), %d) AS gone_ns
	FROM policies)`, q.materialized, never)
}

// assetVerdicts joins assets a to their verdicts v and the policies p
// (q.policies) that gave them.
func (q *querier) assetVerdicts() string {
	return `assets a
	` + q.fromAssets + ` verdicts v ON v.target_kind = a.target_kind AND v.target_id = a.target_id
	JOIN p ON p.policy_id = v.policy_id`
}

// inForce is the condition that verdict v of asset a on policy p is the
// one in force at t. A verdict stays in the store until a run that judges
// the asset with the policy changes it, so a policy no run uses any more
// would keep its last verdicts for good: they count until the first run
// without the policy, and after it only on an asset no run has judged
// since the policy's last run.
func inForce(t int64) string {
	return fmt.Sprintf("v.from_ns <= %d AND (v.to_ns IS NULL OR v.to_ns > %d) AND (p.gone_ns > %d OR p.last_seen_ns >= a.last_seen_ns)", t, t, t)
}

// coverage is the full coverage figure at t: per asset (with a column
// pair per severity: judged by one of its policies, failing one), summed
// by team and kind; and per policy.
func (q *querier) coverage(ctx context.Context, t int64) (Coverage, error) {
	c := Coverage{ByTeam: map[string]Share{}, ByKind: map[string]Share{}, ByPolicy: map[string]Share{}, BySeverity: map[string]Share{},
		Baseline: q.baselineKind()}
	var inner, outer []string
	for i, s := range severities {
		inner = append(inner, fmt.Sprintf("MAX(CASE WHEN sev = '%s' THEN 1 ELSE 0 END) AS j%d, MAX(CASE WHEN sev = '%s' THEN f ELSE 0 END) AS f%d", s, i, s, i))
		outer = append(outer, fmt.Sprintf("SUM(j%d), SUM(j%d * (1 - f%d))", i, i, i))
	}
	query := `WITH ` + q.policies() + `,
r AS` + q.materialized + ` (
	SELECT a.target_kind AS kind, a.target_id AS id, a.owner AS owner, p.policy_id AS policy, p.severity AS sev, ` + failing + ` AS f
	FROM ` + q.assetVerdicts() + `
	WHERE ` + q.live(t) + ` AND ` + q.baseline() + ` AND ` + inForce(t) + `
),
per_asset AS (SELECT kind, owner, MAX(f) AS f, ` + strings.Join(inner, ", ") + ` FROM r GROUP BY kind, id, owner)
SELECT 'asset', owner, kind, COUNT(*), SUM(1 - f), ` + strings.Join(outer, ", ") + ` FROM per_asset GROUP BY owner, kind
UNION ALL SELECT 'policy', policy, '', COUNT(*), SUM(1 - f)` + strings.Repeat(", 0, 0", len(severities)) + ` FROM r GROUP BY policy`
	rows, err := q.db.QueryContext(ctx, query, q.args...)
	if err != nil {
		return c, fmt.Errorf("kpi: coverage: %w", err)
	}
	defer rows.Close()
	add := func(m map[string]Share, k string, assets, passing int) {
		s := m[k]
		s.Assets += assets
		s.Passing += passing
		m[k] = s
	}
	for rows.Next() {
		var cut, key, kind string
		var assets, passing int
		sev := make([]int, 2*len(severities))
		dest := []any{&cut, &key, &kind, &assets, &passing}
		for i := range sev {
			dest = append(dest, &sev[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return c, fmt.Errorf("kpi: coverage: %w", err)
		}
		if cut == "policy" {
			add(c.ByPolicy, key, assets, passing)
			continue
		}
		add(c.ByTeam, team(key), assets, passing)
		add(c.ByKind, kind, assets, passing)
		c.Assets += assets
		c.Passing += passing
		for i, s := range severities {
			if sev[2*i] > 0 {
				add(c.BySeverity, s, sev[2*i], sev[2*i+1])
			}
		}
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("kpi: coverage: %w", err)
	}
	c.Overall = ratio(c.Passing, c.Assets)
	for _, m := range []map[string]Share{c.ByTeam, c.ByKind, c.ByPolicy, c.BySeverity} {
		for k, s := range m {
			s.Value = ratio(s.Passing, s.Assets)
			m[k] = s
		}
	}
	return c, nil
}

// goldenPath is the WITH table g of the repositories judged by
// golden-path policies at t, each with failing 1 when one of those
// verdicts fails.
func (q *querier) goldenPath(t int64) string {
	return `g AS (SELECT a.target_repo AS repo, MAX(` + failing + `) AS failing
	FROM ` + q.assetVerdicts() + `
	WHERE ` + q.live(t) + ` AND a.target_repo <> '' AND p.golden_path = 1 AND ` + inForce(t) + `
	GROUP BY a.target_repo)`
}

// adoption is the golden-path adoption at t, by team: a repository's team
// is the most common owner of its live assets (ties: the first name),
// an unknown owner only when none is known.
func (q *querier) adoption(ctx context.Context, t int64) (Adoption, error) {
	ad := Adoption{ByTeam: map[string]Share{}}
	query := `WITH ` + q.policies() + `, ` + q.goldenPath(t) + `,
o AS (SELECT a.target_repo AS repo, a.owner AS owner, COUNT(*) AS n FROM assets a WHERE ` + q.live(t) + ` AND a.target_repo <> '' GROUP BY a.target_repo, a.owner)
SELECT g.repo, g.failing, o.owner, o.n FROM g JOIN o ON o.repo = g.repo`
	rows, err := q.db.QueryContext(ctx, query, q.args...)
	if err != nil {
		return ad, fmt.Errorf("kpi: adoption: %w", err)
	}
	defer rows.Close()
	type repo struct {
		failing bool
		owner   string
		n       int
	}
	repos := map[string]*repo{}
	for rows.Next() {
		var name, owner string
		var failing, n int
		if err := rows.Scan(&name, &failing, &owner, &n); err != nil {
			return ad, fmt.Errorf("kpi: adoption: %w", err)
		}
		r := repos[name]
		if r == nil {
			r = &repo{failing: failing == 1, owner: owner, n: n}
			repos[name] = r
			continue
		}
		switch {
		case r.owner == "" && owner != "":
			r.owner, r.n = owner, n
		case owner == "":
		case n > r.n || n == r.n && owner < r.owner:
			r.owner, r.n = owner, n
		}
	}
	if err := rows.Err(); err != nil {
		return ad, fmt.Errorf("kpi: adoption: %w", err)
	}
	for _, r := range repos {
		s := ad.ByTeam[team(r.owner)]
		s.Assets++
		ad.Repositories++
		if !r.failing {
			s.Passing++
			ad.Passing++
		}
		ad.ByTeam[team(r.owner)] = s
	}
	for k, s := range ad.ByTeam {
		s.Value = ratio(s.Passing, s.Assets)
		ad.ByTeam[k] = s
	}
	ad.GoldenPath = ratio(ad.Passing, ad.Repositories)
	return ad, nil
}

// least and greatest are LEAST and GREATEST, which SQLite spells MIN and
// MAX.
func least(a, b string) string {
	return "CASE WHEN " + a + " < " + b + " THEN " + a + " ELSE " + b + " END"
}
func greatest(a, b string) string {
	return "CASE WHEN " + a + " > " + b + " THEN " + a + " ELSE " + b + " END"
}

// waivedFor is the time finding f was waived between its first sighting
// and end (an SQL expression): what its SLA clock does not count.
func waivedFor(end string) string {
	return `COALESCE((SELECT CAST(SUM(` + least("COALESCE(w.to_ns, "+end+")", end) + ` - ` + greatest("w.from_ns", "f.first_seen_ns") + `) AS BIGINT)
		FROM waived_periods w WHERE w.fingerprint = f.fingerprint AND w.from_ns < ` + end + ` AND (w.to_ns IS NULL OR w.to_ns > f.first_seen_ns)), 0)`
}

// findingsJoin is the findings f a figure counts, joined to their assets
// a when the filter needs them.
func (q *querier) findingsJoin() string {
	if q.filter == "" {
		return "findings f"
	}
	return q.findingAssets()
}

// percentile is PostgreSQL's percentile_cont(num/den) over n sorted
// values, of which at holds those at the indices the query picked (pick):
// the value at (n−1)·num/den, interpolated between its neighbours, in days.
func percentile(n, num, den int, at map[int]int64) float64 {
	if n == 0 {
		return 0
	}
	lo := num * (n - 1) / den
	x := float64(at[lo])
	if rest := num*(n-1) - lo*den; rest > 0 {
		x += float64(rest) / float64(den) * (float64(at[lo+1]) - x)
	}
	return x / float64(day)
}

// pick is the condition that row i (from 0) of n is one a median or p90
// interpolates between.
const pick = `i IN ((n - 1) / 2, (n - 1) / 2 + 1, 9 * (n - 1) / 10, 9 * (n - 1) / 10 + 1)`

// remediation is the remediation time and SLA standing of the findings
// resolved in (since, at], by severity. SLA's open figures are filled by
// open.
func (q *querier) remediation(ctx context.Context, since, at int64) (map[string]Remed, map[string]SLA, error) {
	rem, sla := map[string]Remed{}, map[string]SLA{}
	for _, s := range severities {
		rem[s] = Remed{}
		sla[s] = SLA{Days: q.o.SLA[s], WithinSLA: 1, PastSLABuckets: buckets()}
	}
	where := fmt.Sprintf("f.status <> 'error' AND f.resolved_ns > %d AND f.resolved_ns <= %d AND %s", since, at, inSeverities) + q.filter
	query := `WITH r AS (
	SELECT f.severity AS sev, f.resolved_ns - f.first_seen_ns AS d,
		CASE WHEN f.resolved_ns - f.first_seen_ns - ` + waivedFor("f.resolved_ns") + ` <= ` + q.sla + ` THEN 1 ELSE 0 END AS within
	FROM ` + q.findingsJoin() + ` WHERE ` + where + `
),
o AS (SELECT sev, d, ROW_NUMBER() OVER (PARTITION BY sev ORDER BY d) - 1 AS i, COUNT(*) OVER (PARTITION BY sev) AS n,
	SUM(within) OVER (PARTITION BY sev) AS w FROM r)
SELECT sev, n, w, i, d FROM o WHERE ` + pick
	rows, err := q.db.QueryContext(ctx, query, q.args...)
	if err != nil {
		return nil, nil, fmt.Errorf("kpi: remediation: %w", err)
	}
	defer rows.Close()
	type group struct {
		n, within int
		at        map[int]int64
	}
	groups := map[string]*group{}
	for rows.Next() {
		var sev string
		var n, within, i int
		var d int64
		if err := rows.Scan(&sev, &n, &within, &i, &d); err != nil {
			return nil, nil, fmt.Errorf("kpi: remediation: %w", err)
		}
		g := groups[sev]
		if g == nil {
			g = &group{n: n, within: within, at: map[int]int64{}}
			groups[sev] = g
		}
		g.at[i] = d
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("kpi: remediation: %w", err)
	}
	for sev, g := range groups {
		rem[sev] = Remed{Resolved: g.n, MedianDays: percentile(g.n, 1, 2, g.at), P90Days: percentile(g.n, 9, 10, g.at)}
		s := sla[sev]
		s.WithinSLA = ratio(g.within, g.n)
		sla[sev] = s
	}
	return rem, sla, nil
}

// weeklyMedians is the median remediation time, by severity, of the
// findings resolved in each week (p − 7 days, p] of the points.
func (q *querier) weeklyMedians(ctx context.Context, pts []int64) ([]map[string]float64, error) {
	out := make([]map[string]float64, len(pts))
	for i := range out {
		out[i] = map[string]float64{}
		for _, s := range severities {
			out[i][s] = 0
		}
	}
	at := pts[len(pts)-1]
	from := pts[0] - week
	where := fmt.Sprintf("f.status <> 'error' AND f.resolved_ns > %d AND f.resolved_ns <= %d AND %s", from, at, inSeverities) + q.filter
	query := fmt.Sprintf(`WITH r AS (
	SELECT f.severity AS sev, (%d - f.resolved_ns) / %d AS wk, f.resolved_ns - f.first_seen_ns AS d FROM %s WHERE %s
),
o AS (SELECT sev, wk, d, ROW_NUMBER() OVER (PARTITION BY sev, wk ORDER BY d) - 1 AS i, COUNT(*) OVER (PARTITION BY sev, wk) AS n FROM r)
SELECT sev, wk, n, i, d FROM o WHERE %s`, at, week, q.findingsJoin(), where, pick)
	rows, err := q.db.QueryContext(ctx, query, q.args...)
	if err != nil {
		return nil, fmt.Errorf("kpi: remediation trend: %w", err)
	}
	defer rows.Close()
	type key struct {
		sev string
		wk  int
	}
	type group struct {
		n  int
		at map[int]int64
	}
	groups := map[key]*group{}
	for rows.Next() {
		var k key
		var n, i int
		var d int64
		if err := rows.Scan(&k.sev, &k.wk, &n, &i, &d); err != nil {
			return nil, fmt.Errorf("kpi: remediation trend: %w", err)
		}
		g := groups[k]
		if g == nil {
			g = &group{n: n, at: map[int]int64{}}
			groups[k] = g
		}
		g.at[i] = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("kpi: remediation trend: %w", err)
	}
	for k, g := range groups {
		if i := len(pts) - 1 - k.wk; i >= 0 && i < len(pts) {
			out[i][k.sev] = percentile(g.n, 1, 2, g.at)
		}
	}
	return out, nil
}

// bucketNames are the SLA buckets of open findings past their SLA, by
// how long past, youngest first (SLA.PastSLABuckets).
var bucketNames = [...]string{"0-7d", "7-30d", "30-90d", "90d+"}

// PastSLABuckets returns the names of SLA.PastSLABuckets, youngest first.
func PastSLABuckets() []string { return append([]string(nil), bucketNames[:]...) }

func buckets() map[string]int {
	m := map[string]int{}
	for _, b := range bucketNames {
		m[b] = 0
	}
	return m
}

// openAt is the condition that finding f is open at t on a live asset a
// (waived or not).
func (q *querier) openAt(t int64) string {
	return q.live(t) + fmt.Sprintf(` AND f.first_seen_ns <= %d AND (f.resolved_ns IS NULL OR f.resolved_ns > %d) AND f.status <> 'error' AND %s`, t, t, inSeverities)
}

// waivedAt is the condition that finding f is waived at t.
func waivedAt(t int64) string {
	return fmt.Sprintf(`EXISTS (SELECT 1 FROM waived_periods w WHERE w.fingerprint = f.fingerprint AND w.from_ns <= %d AND (w.to_ns IS NULL OR w.to_ns > %d))`, t, t)
}

// findingAssets joins findings f to their assets a.
func (q *querier) findingAssets() string {
	return "assets a " + q.fromAssets + " findings f ON f.target_kind = a.target_kind AND f.target_id = a.target_id"
}

// open fills sla's open figures at t: the findings open and not waived,
// and those past their SLA on the SLA clock, bucketed.
func (q *querier) open(ctx context.Context, t int64, sla map[string]SLA) error {
	query := fmt.Sprintf(`SELECT sev, CASE WHEN over <= 0 THEN 'ok' WHEN over < %d THEN '0-7d' WHEN over < %d THEN '7-30d' WHEN over < %d THEN '30-90d' ELSE '90d+' END, COUNT(*)
FROM (
	SELECT f.severity AS sev, %d - f.first_seen_ns - %s - %s AS over
	FROM %s WHERE %s AND NOT %s
) x GROUP BY 1, 2`, 7*day, 30*day, 90*day, t, waivedFor(fmt.Sprint(t)), q.sla, q.findingAssets(), q.openAt(t), waivedAt(t))
	rows, err := q.db.QueryContext(ctx, query, q.args...)
	if err != nil {
		return fmt.Errorf("kpi: open findings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sev, bucket string
		var n int
		if err := rows.Scan(&sev, &bucket, &n); err != nil {
			return fmt.Errorf("kpi: open findings: %w", err)
		}
		s := sla[sev]
		s.Open += n
		if bucket != "ok" {
			s.OpenPastSLA += n
			s.PastSLABuckets[bucket] += n
		}
		sla[sev] = s
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("kpi: open findings: %w", err)
	}
	return nil
}

// maxExpiring bounds Waived.Expiring.
const maxExpiring = 50

// waived counts the open findings waived at t, and lists those whose
// waivers expire soonest (then those that never expire).
func (q *querier) waived(ctx context.Context, t int64) (Waived, error) {
	w := Waived{BySeverity: map[string]int{}, Expiring: []WaivedFinding{}}
	for _, s := range severities {
		w.BySeverity[s] = 0
	}
	where := q.openAt(t) + " AND " + waivedAt(t)
	rows, err := q.db.QueryContext(ctx, `SELECT f.severity, COUNT(*) FROM `+q.findingAssets()+` WHERE `+where+` GROUP BY f.severity`, q.args...)
	if err != nil {
		return w, fmt.Errorf("kpi: waived findings: %w", err)
	}
	for rows.Next() {
		var sev string
		var n int
		if err := rows.Scan(&sev, &n); err != nil {
			rows.Close()
			return w, fmt.Errorf("kpi: waived findings: %w", err)
		}
		w.BySeverity[sev] += n
		w.Open += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return w, fmt.Errorf("kpi: waived findings: %w", err)
	}
	// The waiver is the one of the span in force at t, which the store
	// keeps after the waiver is gone.
	rows, err = q.db.QueryContext(ctx, fmt.Sprintf(`SELECT f.fingerprint, f.policy_id, f.severity, f.target_kind, f.target_id, f.resource, w.waiver_id, w.waiver_owner, w.waiver_expires
FROM %s JOIN waived_periods w ON w.fingerprint = f.fingerprint AND w.from_ns <= %d AND (w.to_ns IS NULL OR w.to_ns > %d)
WHERE %s
ORDER BY CASE WHEN w.waiver_expires = '' THEN 1 ELSE 0 END, w.waiver_expires, f.fingerprint LIMIT %d`, q.findingAssets(), t, t, where, maxExpiring), q.args...)
	if err != nil {
		return w, fmt.Errorf("kpi: waived findings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f WaivedFinding
		var kind, id string
		if err := rows.Scan(&f.Fingerprint, &f.PolicyID, &f.Severity, &kind, &id, &f.Resource, &f.WaiverID, &f.Owner, &f.Expires); err != nil {
			return w, fmt.Errorf("kpi: waived findings: %w", err)
		}
		f.Target = kind + ":" + id
		w.Expiring = append(w.Expiring, f)
	}
	if err := rows.Err(); err != nil {
		return w, fmt.Errorf("kpi: waived findings: %w", err)
	}
	return w, nil
}

// policyGone is how long no run may have had a policy before it counts as
// gone from the policy set: runs of one fleet scan may use different
// policies (a repository's own .paved.yaml), and a policy one of them
// lacked is not gone while others still run it.
const policyGone = day

// policyChanges are the changes of the policy set in (since, at]: a
// policy is added at the first run that had it (not the store's first
// run), gone at the first run after the last that had it, once no run has
// had it for a day.
func (q *querier) policyChanges(ctx context.Context, since, at int64) ([]PolicySetChange, error) {
	query := fmt.Sprintf(`SELECT policy_id, 0, first_seen_ns FROM policies
	WHERE first_seen_ns > (SELECT MIN(started_ns) FROM runs) AND first_seen_ns > %[1]d AND first_seen_ns <= %[2]d
UNION ALL
SELECT policy_id, 1, next_ns FROM (
	SELECT p.policy_id, (SELECT MIN(r.started_ns) FROM runs r WHERE r.started_ns > p.last_seen_ns) AS next_ns
	FROM policies p WHERE p.last_seen_ns <= (SELECT MAX(started_ns) FROM runs) - %[3]d
) x WHERE next_ns > %[1]d AND next_ns <= %[2]d
ORDER BY 3, 2, 1`, since, at, policyGone)
	rows, err := q.db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("kpi: policy changes: %w", err)
	}
	defer rows.Close()
	out := []PolicySetChange{}
	for rows.Next() {
		var id string
		var gone int
		var ns int64
		if err := rows.Scan(&id, &gone, &ns); err != nil {
			return nil, fmt.Errorf("kpi: policy changes: %w", err)
		}
		t := time.Unix(0, ns).UTC()
		if len(out) == 0 || !out[len(out)-1].At.Equal(t) {
			out = append(out, PolicySetChange{At: t})
		}
		c := &out[len(out)-1]
		if gone == 1 {
			c.Removed = append(c.Removed, id)
		} else {
			c.Added = append(c.Added, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("kpi: policy changes: %w", err)
	}
	return out, nil
}

// ratio is part/whole, 0 when whole is 0.
func ratio(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
