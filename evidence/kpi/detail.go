package kpi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paved-dev/paved/evidence/store"
)

// The detail queries below answer what the dashboard shows beside the
// KPI report: one asset's verdicts and findings, one policy's failing
// assets, one team's assets, the runs and the evidence they left. They only
// read, each a few indexed statements, on SQLite and PostgreSQL alike.

// ErrNotFound is the answer for an asset, policy or run the store does
// not have.
var ErrNotFound = errors.New("not found")

// DetailOptions say which state of the store a detail query shows.
type DetailOptions struct {
	At        time.Time // the state at this time; zero is now (as Compute's, to the second)
	StaleDays int       // an asset not judged for this long before At is stale; 0 is DefaultStaleDays
	Filter    Filter    // assets of this team and kind only ("" is all)
}

// options are o as Compute's Options, with its defaults filled (normalize).
func (o DetailOptions) options() (Options, error) {
	return normalize(Options{At: o.At, StaleDays: o.StaleDays, Filter: o.Filter}, time.Now())
}

// detailQuerier is the querier of a detail query of o: the same pieces
// (filter, liveness, baseline, policies in force) as Compute's, so that a
// detail page counts as the KPIs do. at is o's time, in Unix ns.
func detailQuerier(ctx context.Context, st *store.Store, o DetailOptions) (q *querier, at int64, err error) {
	opts, err := o.options()
	if err != nil {
		return nil, 0, err
	}
	q = newQuerier(st.DB(), st.Dialect(), opts)
	if err := q.chooseBaseline(ctx); err != nil {
		return nil, 0, err
	}
	return q, opts.At.UnixNano(), nil
}

// detailTime is a stored Unix-nanosecond time.
func detailTime(ns int64) time.Time { return time.Unix(0, ns).UTC() }

func detailTimePtr(ns sql.NullInt64) *time.Time {
	if !ns.Valid {
		return nil
	}
	t := detailTime(ns.Int64)
	return &t
}

// detailArgs builds a statement's parameters: each arg returns its
// placeholder ($1, $2, …: both drivers take them). It starts from a
// querier's args, which its filter's placeholders name.
type detailArgs []any

func (a *detailArgs) arg(v any) string {
	*a = append(*a, v)
	return fmt.Sprintf("$%d", len(*a))
}

// PolicyInfo is a policy's latest metadata, as the runs that used it
// recorded it.
type PolicyInfo struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Severity    string    `json:"severity"`
	Kind        string    `json:"kind"`
	Enforcement string    `json:"enforcement"`
	Tags        []string  `json:"tags,omitempty"`
	Baseline    bool      `json:"baseline"` // counted in coverage
	GoldenPath  bool      `json:"golden_path"`
	FirstSeen   time.Time `json:"first_seen"` // the first run that had it
	LastSeen    time.Time `json:"last_seen"`  // the last run that had it
}

// splitTags reads the policies table's tags: ",a,b," (store.Record
// writes them so, for LIKE '%,a,%').
func splitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' })
}

const policyColumns = `p.policy_id, p.title, p.severity, p.kind, p.enforcement, p.tags, p.baseline_tag, p.golden_path, p.first_seen_ns, p.last_seen_ns`

// scanPolicy reads policyColumns; tagged is querier.tagged.
func scanPolicy(sc interface{ Scan(...any) error }, tagged bool) (PolicyInfo, error) {
	var p PolicyInfo
	var tags string
	var baseline, golden int
	var first, last int64
	if err := sc.Scan(&p.ID, &p.Title, &p.Severity, &p.Kind, &p.Enforcement, &tags, &baseline, &golden, &first, &last); err != nil {
		return p, err
	}
	p.Tags = splitTags(tags)
	p.GoldenPath = golden == 1
	p.FirstSeen, p.LastSeen = detailTime(first), detailTime(last)
	if tagged {
		p.Baseline = baseline == 1
	} else {
		p.Baseline = p.Enforcement == "deny"
	}
	return p, nil
}

// Policies lists every policy runs have used, by id.
func Policies(ctx context.Context, st *store.Store) ([]PolicyInfo, error) {
	q, _, err := detailQuerier(ctx, st, DetailOptions{})
	if err != nil {
		return nil, fmt.Errorf("policies: %w", err)
	}
	rows, err := q.db.QueryContext(ctx, `SELECT `+policyColumns+` FROM policies p ORDER BY p.policy_id`)
	if err != nil {
		return nil, fmt.Errorf("policies: %w", err)
	}
	defer rows.Close()
	out := []PolicyInfo{}
	for rows.Next() {
		p, err := scanPolicy(rows, q.tagged)
		if err != nil {
			return nil, fmt.Errorf("policies: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("policies: %w", err)
	}
	return out, nil
}

// AssetVerdict is an asset's verdict on one policy at a time, and since
// when it has been that.
type AssetVerdict struct {
	PolicyID   string    `json:"policy_id"`
	Title      string    `json:"title"`
	Severity   string    `json:"severity"`
	Baseline   bool      `json:"baseline"`
	GoldenPath bool      `json:"golden_path"`
	Verdict    string    `json:"verdict"` // pass, advisory, waived, warn, fail, error
	Since      time.Time `json:"since"`
}

// VerdictSpan is one interval of an asset's verdict on a policy:
// [From, To), To nil while it is the current verdict.
type VerdictSpan struct {
	PolicyID string     `json:"policy_id"`
	Verdict  string     `json:"verdict"`
	From     time.Time  `json:"from"`
	To       *time.Time `json:"to,omitempty"`
}

// Asset is one target runs judged: a repository, Terraform module, image
// or SBOM, with its team.
type Asset struct {
	Kind      string    `json:"kind"`
	ID        string    `json:"id"` // its identity: repo//path, or path
	Repo      string    `json:"repo"`
	Path      string    `json:"path"`
	Team      string    `json:"team"` // "(none)" when no owner was found
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"` // the last run that judged it
	LastRun   string    `json:"last_run"`
	// Live is whether the asset counts in the KPIs at the time asked
	// about: seen by then, and not stale.
	Live bool `json:"live"`
}

// AssetDetail is an asset at a time: its verdicts then, and the history
// of its verdicts up to then.
type AssetDetail struct {
	Asset
	At time.Time `json:"at"`
	// Passing: judged by a baseline policy at At and failing none.
	Passing  bool           `json:"passing"`
	Verdicts []AssetVerdict `json:"verdicts"` // at At, failing first, then by policy
	// History is every verdict interval begun by At, newest first, at
	// most HistoryLimit of them.
	History         []VerdictSpan `json:"history"`
	HistoryTruncate bool          `json:"history_truncated,omitempty"`
	OpenFindings    int           `json:"open_findings"` // open at At, waived ones included
}

// HistoryLimit bounds the verdict intervals an AssetDetail lists.
const HistoryLimit = 500

// AssetAt is the asset of that kind and identity at o.At (o.Filter does
// not apply); ErrNotFound when the store has no such asset, or not yet.
func AssetAt(ctx context.Context, st *store.Store, kind, id string, o DetailOptions) (*AssetDetail, error) {
	o.Filter = Filter{}
	q, at, err := detailQuerier(ctx, st, o)
	if err != nil {
		return nil, fmt.Errorf("asset %s %s: %w", kind, id, err)
	}
	db := q.db
	d := AssetDetail{At: detailTime(at), Verdicts: []AssetVerdict{}, History: []VerdictSpan{}}
	var owner string
	var first, last int64
	err = db.QueryRowContext(ctx, `SELECT target_kind, target_id, target_repo, target_path, owner, first_seen_ns, last_seen_ns, last_run
FROM assets WHERE target_kind = $1 AND target_id = $2 AND first_seen_ns <= $3`, kind, id, at).
		Scan(&d.Kind, &d.ID, &d.Repo, &d.Path, &owner, &first, &last, &d.LastRun)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("asset %s %s: %w", kind, id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("asset %s %s: %w", kind, id, err)
	}
	d.Team = team(owner)
	d.FirstSeen, d.LastSeen = detailTime(first), detailTime(last)
	d.Live = last >= at-q.stale
	// The verdicts in force at At, as coverage counts them.
	rows, err := db.QueryContext(ctx, `WITH `+q.policies()+`
SELECT v.policy_id, p.title, p.severity, CASE WHEN `+q.baseline()+` THEN 1 ELSE 0 END, p.golden_path, v.verdict, v.from_ns
FROM `+q.assetVerdicts()+`
WHERE a.target_kind = $1 AND a.target_id = $2 AND `+inForce(at)+`
ORDER BY `+failing+` DESC, v.policy_id`, kind, id)
	if err != nil {
		return nil, fmt.Errorf("asset %s %s: verdicts: %w", kind, id, err)
	}
	defer rows.Close()
	judged, fails := false, false
	for rows.Next() {
		var v AssetVerdict
		var base, golden int
		var from int64
		if err := rows.Scan(&v.PolicyID, &v.Title, &v.Severity, &base, &golden, &v.Verdict, &from); err != nil {
			return nil, fmt.Errorf("asset %s %s: verdicts: %w", kind, id, err)
		}
		v.Baseline, v.GoldenPath, v.Since = base == 1, golden == 1, detailTime(from)
		if v.Baseline {
			judged = true
			fails = fails || verdictFails(v.Verdict)
		}
		d.Verdicts = append(d.Verdicts, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("asset %s %s: verdicts: %w", kind, id, err)
	}
	d.Passing = judged && !fails

	hrows, err := db.QueryContext(ctx, `SELECT policy_id, verdict, from_ns, to_ns FROM verdicts
WHERE target_kind = $1 AND target_id = $2 AND from_ns <= $3 ORDER BY from_ns DESC, policy_id LIMIT $4`, kind, id, at, HistoryLimit+1)
	if err != nil {
		return nil, fmt.Errorf("asset %s %s: history: %w", kind, id, err)
	}
	defer hrows.Close()
	for hrows.Next() {
		var s VerdictSpan
		var from int64
		var to sql.NullInt64
		if err := hrows.Scan(&s.PolicyID, &s.Verdict, &from, &to); err != nil {
			return nil, fmt.Errorf("asset %s %s: history: %w", kind, id, err)
		}
		s.From = detailTime(from)
		// An interval that ends after At is, at At, still current.
		if to.Valid && to.Int64 <= at {
			s.To = detailTimePtr(to)
		}
		d.History = append(d.History, s)
	}
	if err := hrows.Err(); err != nil {
		return nil, fmt.Errorf("asset %s %s: history: %w", kind, id, err)
	}
	if len(d.History) > HistoryLimit {
		d.History, d.HistoryTruncate = d.History[:HistoryLimit], true
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings WHERE target_kind = $1 AND target_id = $2
AND first_seen_ns <= $3 AND (resolved_ns IS NULL OR resolved_ns > $3) AND status <> 'error'`, kind, id, at).Scan(&d.OpenFindings); err != nil {
		return nil, fmt.Errorf("asset %s %s: findings: %w", kind, id, err)
	}
	return &d, nil
}

// WaivedSpan is a time span [From, To) a finding was waived, To nil while
// it lasts, and the waiver that waived it then (kept after the waiver is
// gone, or when another replaced it).
type WaivedSpan struct {
	From          time.Time  `json:"from"`
	To            *time.Time `json:"to,omitempty"`
	WaiverID      string     `json:"waiver_id,omitempty"`
	WaiverOwner   string     `json:"waiver_owner,omitempty"`
	WaiverExpires string     `json:"waiver_expires,omitempty"`
}

// FindingLife is a finding on an asset and its life: what an auditor
// reads, with its waiver and the spans it was waived.
type FindingLife struct {
	Fingerprint   string       `json:"fingerprint"`
	PolicyID      string       `json:"policy_id"`
	Severity      string       `json:"severity"`
	Resource      string       `json:"resource"`
	Status        string       `json:"status"` // its latest: fail, warn, error or waived
	Open          bool         `json:"open"`   // at the time asked about
	FirstSeen     time.Time    `json:"first_seen"`
	LastSeen      time.Time    `json:"last_seen"`
	Resolved      *time.Time   `json:"resolved,omitempty"`
	Reopened      int          `json:"reopened"`
	LastRun       string       `json:"last_run"`
	WaiverID      string       `json:"waiver_id,omitempty"`
	WaiverOwner   string       `json:"waiver_owner,omitempty"`
	WaiverExpires string       `json:"waiver_expires,omitempty"`
	Waived        []WaivedSpan `json:"waived,omitempty"` // the spans it was waived, oldest first
}

// FindingsLimit bounds the findings AssetFindings lists.
const FindingsLimit = 1000

// AssetFindings lists the findings first seen on an asset by o.At, open
// ones first, then by severity and policy; at most FindingsLimit.
// ErrNotFound when the store has no such asset, or not yet (as AssetAt).
func AssetFindings(ctx context.Context, st *store.Store, kind, id string, o DetailOptions) ([]FindingLife, error) {
	db := st.DB()
	opts, err := o.options()
	if err != nil {
		return nil, fmt.Errorf("findings of %s %s: %w", kind, id, err)
	}
	at := opts.At.UnixNano()
	rows, err := db.QueryContext(ctx, `SELECT fingerprint, policy_id, severity, resource, status, first_seen_ns, last_seen_ns, resolved_ns,
	reopened, last_run, waiver_id, waiver_owner, waiver_expires
FROM findings WHERE target_kind = $1 AND target_id = $2 AND first_seen_ns <= $3
ORDER BY CASE WHEN resolved_ns IS NULL OR resolved_ns > $3 THEN 0 ELSE 1 END,
	CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, policy_id, resource
LIMIT $4`, kind, id, at, FindingsLimit)
	if err != nil {
		return nil, fmt.Errorf("findings of %s %s: %w", kind, id, err)
	}
	defer rows.Close()
	var out []FindingLife
	index := map[string]int{}
	for rows.Next() {
		var f FindingLife
		var first, last int64
		var resolved sql.NullInt64
		if err := rows.Scan(&f.Fingerprint, &f.PolicyID, &f.Severity, &f.Resource, &f.Status, &first, &last, &resolved,
			&f.Reopened, &f.LastRun, &f.WaiverID, &f.WaiverOwner, &f.WaiverExpires); err != nil {
			return nil, fmt.Errorf("findings of %s %s: %w", kind, id, err)
		}
		f.FirstSeen, f.LastSeen = detailTime(first), detailTime(min(last, at))
		f.Open = !resolved.Valid || resolved.Int64 > at
		if !f.Open {
			f.Resolved = detailTimePtr(resolved)
		}
		index[f.Fingerprint] = len(out)
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("findings of %s %s: %w", kind, id, err)
	}
	if len(out) == 0 {
		// No finding: is there an asset?
		var one int
		err := db.QueryRowContext(ctx, `SELECT 1 FROM assets WHERE target_kind = $1 AND target_id = $2 AND first_seen_ns <= $3`, kind, id, at).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("asset %s %s: %w", kind, id, ErrNotFound)
		}
		if err != nil {
			return nil, fmt.Errorf("findings of %s %s: %w", kind, id, err)
		}
		return []FindingLife{}, nil
	}
	wrows, err := db.QueryContext(ctx, `SELECT w.fingerprint, w.from_ns, w.to_ns, w.waiver_id, w.waiver_owner, w.waiver_expires FROM waived_periods w
JOIN findings f ON f.fingerprint = w.fingerprint
WHERE f.target_kind = $1 AND f.target_id = $2 AND w.from_ns <= $3 ORDER BY w.fingerprint, w.from_ns`, kind, id, at)
	if err != nil {
		return nil, fmt.Errorf("waivers of %s %s: %w", kind, id, err)
	}
	defer wrows.Close()
	for wrows.Next() {
		var fp string
		var from int64
		var to sql.NullInt64
		var s WaivedSpan
		if err := wrows.Scan(&fp, &from, &to, &s.WaiverID, &s.WaiverOwner, &s.WaiverExpires); err != nil {
			return nil, fmt.Errorf("waivers of %s %s: %w", kind, id, err)
		}
		i, ok := index[fp]
		if !ok {
			continue
		}
		s.From = detailTime(from)
		if to.Valid && to.Int64 <= at {
			s.To = detailTimePtr(to)
		}
		out[i].Waived = append(out[i].Waived, s)
	}
	if err := wrows.Err(); err != nil {
		return nil, fmt.Errorf("waivers of %s %s: %w", kind, id, err)
	}
	return out, nil
}

// PolicyAsset is an asset's verdict on a policy.
type PolicyAsset struct {
	Kind    string    `json:"kind"`
	ID      string    `json:"id"`
	Team    string    `json:"team"`
	Verdict string    `json:"verdict"`
	Since   time.Time `json:"since"` // when the asset's verdict became this
}

// PolicyDetail is a policy at a time: the live assets it judged then and
// how many passed, with the failing ones listed.
type PolicyDetail struct {
	PolicyInfo
	At        time.Time      `json:"at"`
	Judged    int            `json:"judged"`  // live assets with a verdict at At
	Passing   int            `json:"passing"` // of those, passing it
	ByVerdict map[string]int `json:"by_verdict"`
	// Failing are the assets failing it at At, failing longest first, at
	// most FailingLimit.
	Failing          []PolicyAsset `json:"failing"`
	FailingTruncated bool          `json:"failing_truncated,omitempty"`
}

// FailingLimit bounds the failing assets a PolicyDetail lists.
const FailingLimit = 500

// PolicyAt is a policy's verdicts over the live assets o.Filter selects
// at o.At; ErrNotFound when no run has used it.
func PolicyAt(ctx context.Context, st *store.Store, policyID string, o DetailOptions) (*PolicyDetail, error) {
	q, at, err := detailQuerier(ctx, st, o)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", policyID, err)
	}
	db := q.db
	p, err := scanPolicy(db.QueryRowContext(ctx, `SELECT `+policyColumns+` FROM policies p WHERE p.policy_id = $1`, policyID), q.tagged)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("policy %s: %w", policyID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", policyID, err)
	}
	d := PolicyDetail{PolicyInfo: p, At: detailTime(at), ByVerdict: map[string]int{}, Failing: []PolicyAsset{}}
	// The policy's verdicts in force at At on the live assets, as
	// coverage counts them.
	args := detailArgs(slices.Clone(q.args))
	from := `FROM ` + q.assetVerdicts() + `
WHERE v.policy_id = ` + args.arg(policyID) + ` AND ` + q.live(at) + ` AND ` + inForce(at)
	rows, err := db.QueryContext(ctx, `WITH `+q.policies()+` SELECT v.verdict, COUNT(*) `+from+` GROUP BY v.verdict`, args...)
	if err != nil {
		return nil, fmt.Errorf("policy %s: verdicts: %w", policyID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var verdict string
		var n int
		if err := rows.Scan(&verdict, &n); err != nil {
			return nil, fmt.Errorf("policy %s: verdicts: %w", policyID, err)
		}
		d.ByVerdict[verdict] = n
		d.Judged += n
		if !verdictFails(verdict) {
			d.Passing += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("policy %s: verdicts: %w", policyID, err)
	}
	if d.Judged == d.Passing {
		return &d, nil
	}
	limit := args.arg(FailingLimit + 1)
	frows, err := db.QueryContext(ctx, `WITH `+q.policies()+` SELECT a.target_kind, a.target_id, a.owner, v.verdict, v.from_ns `+from+
		` AND `+failing+` = 1 ORDER BY v.from_ns, a.target_kind, a.target_id LIMIT `+limit, args...)
	if err != nil {
		return nil, fmt.Errorf("policy %s: failing: %w", policyID, err)
	}
	defer frows.Close()
	for frows.Next() {
		var a PolicyAsset
		var owner string
		var since int64
		if err := frows.Scan(&a.Kind, &a.ID, &owner, &a.Verdict, &since); err != nil {
			return nil, fmt.Errorf("policy %s: failing: %w", policyID, err)
		}
		a.Team, a.Since = team(owner), detailTime(since)
		d.Failing = append(d.Failing, a)
	}
	if err := frows.Err(); err != nil {
		return nil, fmt.Errorf("policy %s: failing: %w", policyID, err)
	}
	if len(d.Failing) > FailingLimit {
		d.Failing, d.FailingTruncated = d.Failing[:FailingLimit], true
	}
	return &d, nil
}

// AssetSummary is an asset and how it stands at a time.
type AssetSummary struct {
	Asset
	Policies int `json:"policies"` // policies with a verdict on it at the time
	Failing  int `json:"failing"`  // of those, failing
	// Baseline counts the baseline policies judging it; Passing is
	// whether it failed none of them (false when none judged it).
	Baseline     int  `json:"baseline"`
	Passing      bool `json:"passing"`
	OpenFindings int  `json:"open_findings"`
}

// TeamDetail is a team's assets at a time.
type TeamDetail struct {
	Team string    `json:"team"`
	At   time.Time `json:"at"`
	// Live assets judged by a baseline policy, and of those passing
	// every one: the team's coverage.
	Judged  int `json:"judged"`
	Passing int `json:"passing"`
	Stale   int `json:"stale"` // assets seen by At but stale then
	// Assets are the team's assets seen by At, live ones first, then
	// failing ones, then by kind and identity; at most AssetsLimit.
	Assets          []AssetSummary `json:"assets"`
	AssetsTruncated bool           `json:"assets_truncated,omitempty"`
}

// AssetsLimit bounds the assets a TeamDetail lists.
const AssetsLimit = 2000

// TeamAt is the assets of team name at o.At ("(none)" is those with no
// owner; o.Filter.Kind applies, o.Filter.Team does not); ErrNotFound when
// the team has no asset seen by then.
func TeamAt(ctx context.Context, st *store.Store, name string, o DetailOptions) (*TeamDetail, error) {
	o.Filter = Filter{Team: name, Kind: o.Filter.Kind}
	q, at, err := detailQuerier(ctx, st, o)
	if err != nil {
		return nil, fmt.Errorf("team %s: %w", name, err)
	}
	db := q.db
	d := TeamDetail{Team: name, At: detailTime(at), Assets: []AssetSummary{}}
	liveSince := at - q.stale
	seenBy := fmt.Sprintf("a.first_seen_ns <= %d", at) + q.filter
	// Verdicts per asset, those in force at At as coverage counts them,
	// grouped in SQL; live failing assets first.
	rows, err := db.QueryContext(ctx, `WITH `+q.policies()+`,
r AS (
	SELECT a.target_kind AS kind, a.target_id AS id, `+failing+` AS f, CASE WHEN `+q.baseline()+` THEN 1 ELSE 0 END AS b
	FROM `+q.assetVerdicts()+`
	WHERE `+seenBy+` AND `+inForce(at)+`
)
SELECT a.target_kind, a.target_id, a.target_repo, a.target_path, a.owner, a.first_seen_ns, a.last_seen_ns, a.last_run,
	COUNT(r.id), COALESCE(SUM(r.f), 0), COALESCE(SUM(r.b), 0), COALESCE(SUM(r.b * r.f), 0)
FROM assets a
LEFT JOIN r ON r.kind = a.target_kind AND r.id = a.target_id
WHERE `+seenBy+`
GROUP BY a.target_kind, a.target_id, a.target_repo, a.target_path, a.owner, a.first_seen_ns, a.last_seen_ns, a.last_run
ORDER BY CASE WHEN a.last_seen_ns >= `+fmt.Sprint(liveSince)+` THEN 0 ELSE 1 END, CASE WHEN COALESCE(SUM(r.f), 0) > 0 THEN 0 ELSE 1 END, a.target_kind, a.target_id`,
		q.args...)
	if err != nil {
		return nil, fmt.Errorf("team %s: %w", name, err)
	}
	defer rows.Close()
	// Every asset of the team is counted (one aggregated row each); the
	// first AssetsLimit are listed.
	seen := 0
	for rows.Next() {
		var s AssetSummary
		var owner string
		var first, last int64
		var baseFailing int
		if err := rows.Scan(&s.Kind, &s.ID, &s.Repo, &s.Path, &owner, &first, &last, &s.LastRun,
			&s.Policies, &s.Failing, &s.Baseline, &baseFailing); err != nil {
			return nil, fmt.Errorf("team %s: %w", name, err)
		}
		s.Team, s.FirstSeen, s.LastSeen = team(owner), detailTime(first), detailTime(last)
		s.Live = last >= liveSince
		s.Passing = s.Baseline > 0 && baseFailing == 0
		switch {
		case !s.Live:
			d.Stale++
		case s.Baseline > 0:
			d.Judged++
			if s.Passing {
				d.Passing++
			}
		}
		seen++
		if len(d.Assets) < AssetsLimit {
			d.Assets = append(d.Assets, s)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("team %s: %w", name, err)
	}
	if seen == 0 {
		return nil, fmt.Errorf("team %s: %w", name, ErrNotFound)
	}
	d.AssetsTruncated = seen > len(d.Assets)
	// Open findings per listed asset, grouped in SQL.
	frows, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT f.target_kind, f.target_id, COUNT(*) FROM %s
WHERE f.first_seen_ns <= %d AND (f.resolved_ns IS NULL OR f.resolved_ns > %d) AND f.status <> 'error'%s
GROUP BY f.target_kind, f.target_id`, q.findingAssets(), at, at, q.filter), q.args...)
	if err != nil {
		return nil, fmt.Errorf("team %s: findings: %w", name, err)
	}
	defer frows.Close()
	type key struct{ kind, id string }
	open := map[key]int{}
	for frows.Next() {
		var k key
		var n int
		if err := frows.Scan(&k.kind, &k.id, &n); err != nil {
			return nil, fmt.Errorf("team %s: findings: %w", name, err)
		}
		open[k] = n
	}
	if err := frows.Err(); err != nil {
		return nil, fmt.Errorf("team %s: findings: %w", name, err)
	}
	for i := range d.Assets {
		d.Assets[i].OpenFindings = open[key{d.Assets[i].Kind, d.Assets[i].ID}]
	}
	return &d, nil
}

// RunInfo is a recorded run, with the evidence bundle it left when it
// left one.
type RunInfo struct {
	ID               string    `json:"id"`
	Started          time.Time `json:"started"`
	Finished         time.Time `json:"finished"`
	ToolVersion      string    `json:"tool_version"`
	PolicySetDigest  string    `json:"policy_set_digest"`
	FailOn           string    `json:"fail_on"`
	Scope            string    `json:"scope,omitempty"`
	Targets          int       `json:"targets"`
	Results          int       `json:"results"`
	Blocking         int       `json:"blocking"`
	EvidenceDigest   string    `json:"evidence_digest,omitempty"`
	EvidenceLocation string    `json:"evidence_location,omitempty"`
}

const runColumns = `id, started_ns, finished_ns, tool_version, policy_set_digest, fail_on, scope, targets, results, blocking, evidence_digest, evidence_location`

func scanRun(sc interface{ Scan(...any) error }) (RunInfo, error) {
	var r RunInfo
	var started, finished int64
	err := sc.Scan(&r.ID, &started, &finished, &r.ToolVersion, &r.PolicySetDigest, &r.FailOn, &r.Scope,
		&r.Targets, &r.Results, &r.Blocking, &r.EvidenceDigest, &r.EvidenceLocation)
	r.Started, r.Finished = detailTime(started), detailTime(finished)
	return r, err
}

// RunPage is a page of runs, newest first.
type RunPage struct {
	Total  int       `json:"total"` // runs started by the time asked about
	Offset int       `json:"offset"`
	Runs   []RunInfo `json:"runs"`
}

// RunQuery selects a page of runs.
type RunQuery struct {
	At       time.Time // runs started by then; zero is now
	Evidence bool      // only runs that left an evidence bundle
	Offset   int
	Limit    int // 0 is 50; at most 1000
}

// RunList lists the runs started by q.At, newest first.
func RunList(ctx context.Context, st *store.Store, q RunQuery) (*RunPage, error) {
	db := st.DB()
	opts, err := DetailOptions{At: q.At}.options()
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	at := opts.At.UnixNano()
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 1000)
	offset := max(q.Offset, 0)
	where := `started_ns <= $1`
	if q.Evidence {
		where += ` AND evidence_digest <> ''`
	}
	p := RunPage{Offset: offset, Runs: []RunInfo{}}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM runs WHERE `+where, at).Scan(&p.Total); err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	rows, err := db.QueryContext(ctx, `SELECT `+runColumns+` FROM runs WHERE `+where+` ORDER BY started_ns DESC, id LIMIT $2 OFFSET $3`, at, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("runs: %w", err)
		}
		p.Runs = append(p.Runs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	return &p, nil
}

// RunByID is one run; ErrNotFound when the store has no such run.
func RunByID(ctx context.Context, st *store.Store, id string) (*RunInfo, error) {
	r, err := scanRun(st.DB().QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("run %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", id, err)
	}
	return &r, nil
}

// StoreStats are facts about the store itself, for its operators.
type StoreStats struct {
	Dialect       string           `json:"dialect"`
	SchemaVersion int              `json:"schema_version"`
	Rows          map[string]int64 `json:"rows"`  // by table
	Bytes         int64            `json:"bytes"` // on disk, as the database counts it (0 when unknown)
	FirstRun      *time.Time       `json:"first_run,omitempty"`
	LastRun       *time.Time       `json:"last_run,omitempty"`
}

// storeTables are the tables StoreStats counts.
var storeTables = []string{"runs", "assets", "verdicts", "policies", "findings", "waived_periods", "resources"}

// Stats counts the store's rows and bytes.
func Stats(ctx context.Context, st *store.Store) (*StoreStats, error) {
	db := st.DB()
	s := StoreStats{Dialect: st.Dialect(), Rows: map[string]int64{}}
	if err := db.QueryRowContext(ctx, `SELECT version FROM paved_schema`).Scan(&s.SchemaVersion); err != nil {
		return nil, fmt.Errorf("store stats: %w", err)
	}
	for _, t := range storeTables {
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("store stats: %s: %w", t, err)
		}
		s.Rows[t] = n
	}
	var first, last sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MIN(started_ns), MAX(started_ns) FROM runs`).Scan(&first, &last); err != nil {
		return nil, fmt.Errorf("store stats: %w", err)
	}
	s.FirstRun, s.LastRun = detailTimePtr(first), detailTimePtr(last)
	var err error
	switch st.Dialect() {
	case "sqlite":
		err = db.QueryRowContext(ctx, `SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`).Scan(&s.Bytes)
	case "postgres":
		parts := make([]string, len(storeTables))
		for i, t := range storeTables {
			parts[i] = "pg_total_relation_size('" + t + "')"
		}
		err = db.QueryRowContext(ctx, `SELECT `+strings.Join(parts, " + ")).Scan(&s.Bytes)
	}
	if err != nil {
		return nil, fmt.Errorf("store stats: size: %w", err)
	}
	return &s, nil
}

// StoreMark is a mark of the store's runs that changes whenever a run is
// recorded, imported or pruned: figures computed from the store (which
// only runs change) stay good while it stays the same.
type StoreMark struct {
	Runs                     int64
	FirstNs, LastNs, MaxDone int64
}

// ReadStoreMark reads the store's StoreMark, in one cheap statement.
func ReadStoreMark(ctx context.Context, st *store.Store) (StoreMark, error) {
	var v StoreMark
	err := st.DB().QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MIN(started_ns), 0), COALESCE(MAX(started_ns), 0), COALESCE(MAX(finished_ns), 0) FROM runs`).
		Scan(&v.Runs, &v.FirstNs, &v.LastNs, &v.MaxDone)
	if err != nil {
		return v, fmt.Errorf("store version: %w", err)
	}
	return v, nil
}
