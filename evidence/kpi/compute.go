package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/paved-dev/paved/evidence/store"
)

// severities are the severities KPIs are cut by, most severe first.
var severities = [...]string{"critical", "high", "medium", "low"}

// Severities returns the severities KPIs are cut by, most severe first.
func Severities() []string { return append([]string(nil), severities[:]...) }

// DefaultSLA is the days a finding of each severity may stay open.
func DefaultSLA() map[string]int {
	return map[string]int{"critical": 7, "high": 30, "medium": 90, "low": 180}
}

// DefaultStaleDays is how long an asset no run judged stays in the figures.
const DefaultStaleDays = 30

// DefaultWeeks is how far back the remediation window and the trends go
// when Options.Since is zero.
const DefaultWeeks = 12

// MaxPoints bounds a trend (five years of weeks): each point is a handful
// of queries.
const MaxPoints = 261

// NoTeam is the team of assets whose owner is unknown, in the figures and
// in Filter.Team.
const NoTeam = "(none)"

// Options say what to compute.
type Options struct {
	At    time.Time // the state shown; zero: now
	Since time.Time // start of the remediation window and the trends; zero: At − 12 weeks
	// Filter narrows the assets (and so their findings) figures count.
	Filter Filter
	// SLA is the days each severity's findings may stay open; a severity
	// missing (or a nil map) takes DefaultSLA's.
	SLA map[string]int
	// StaleDays: an asset no run judged for longer is out of the figures;
	// 0 is DefaultStaleDays.
	StaleDays int
}

const (
	day  = int64(24 * time.Hour)
	week = 7 * day
)

// Compute reads the KPIs of the store at o.At: the state then, the
// remediation window (o.Since, o.At], and weekly trends from o.At back to
// o.Since. It only reads the store.
func Compute(ctx context.Context, st *store.Store, o Options) (*Report, error) {
	o, err := normalize(o, time.Now())
	if err != nil {
		return nil, err
	}
	q := newQuerier(st.DB(), st.Dialect(), o)
	rep := &Report{
		Schema: Schema,
		At:     o.At,
		Since:  o.Since,
		Filter: o.Filter,
		Trends: []Point{},
	}
	if err := q.storeFacts(ctx, &rep.Store); err != nil {
		return nil, err
	}
	rep.Store.StaleDays = o.StaleDays
	if err := q.chooseBaseline(ctx); err != nil {
		return nil, err
	}
	at := o.At.UnixNano()
	if rep.Coverage, err = q.coverage(ctx, at); err != nil {
		return nil, err
	}
	if rep.Adoption, err = q.adoption(ctx, at); err != nil {
		return nil, err
	}
	if rep.Remediation, rep.SLA, err = q.remediation(ctx, o.Since.UnixNano(), at); err != nil {
		return nil, err
	}
	if err := q.open(ctx, at, rep.SLA); err != nil {
		return nil, err
	}
	if rep.Waived, err = q.waived(ctx, at); err != nil {
		return nil, err
	}
	if rep.PolicySet, err = q.policyChanges(ctx, o.Since.UnixNano(), at); err != nil {
		return nil, err
	}
	if rep.Trends, err = q.trends(ctx); err != nil {
		return nil, err
	}
	return rep, nil
}

// normalize fills o's defaults and checks it.
func normalize(o Options, now time.Time) (Options, error) {
	if o.At.IsZero() {
		o.At = now.Truncate(time.Second)
	}
	o.At = o.At.UTC()
	if o.Since.IsZero() {
		o.Since = o.At.Add(-DefaultWeeks * 7 * 24 * time.Hour)
	}
	o.Since = o.Since.UTC()
	if !o.Since.Before(o.At) {
		return o, fmt.Errorf("kpi: since %s is not before at %s", o.Since.Format(time.RFC3339), o.At.Format(time.RFC3339))
	}
	// Unix nanoseconds, as the store keeps times, reach 1678-2262.
	for _, t := range []time.Time{o.At, o.Since} {
		if t.Year() < 1678 || t.Year() > 2261 {
			return o, fmt.Errorf("kpi: %s is outside the years the store can hold (1678-2261)", t.Format(time.RFC3339))
		}
	}
	if n := (o.At.UnixNano()-o.Since.UnixNano())/week + 1; n > MaxPoints {
		return o, fmt.Errorf("kpi: since %s is %d weeks before at: at most %d weeks of trends", o.Since.Format(time.DateOnly), n-1, MaxPoints-1)
	}
	sla := DefaultSLA()
	for sev, d := range o.SLA {
		if _, ok := sla[sev]; !ok {
			return o, fmt.Errorf("kpi: SLA for %q: want critical, high, medium or low", sev)
		}
		if d <= 0 {
			return o, fmt.Errorf("kpi: SLA for %s: %d days: want a positive number", sev, d)
		}
		sla[sev] = d
	}
	o.SLA = sla
	if o.StaleDays < 0 {
		return o, fmt.Errorf("kpi: stale days %d: want a positive number", o.StaleDays)
	}
	if o.StaleDays == 0 {
		o.StaleDays = DefaultStaleDays
	}
	return o, nil
}

// points are the trend's times, oldest first: o.At, o.At − 7 days, … back
// to o.Since.
func points(o Options) []int64 {
	at, since := o.At.UnixNano(), o.Since.UnixNano()
	n := (at-since)/week + 1
	out := make([]int64, n)
	for i := range out {
		out[i] = at - int64(len(out)-1-i)*week
	}
	return out
}

func (q *querier) storeFacts(ctx context.Context, f *StoreFacts) error {
	var first, last sql.NullInt64
	if err := q.db.QueryRowContext(ctx, `SELECT COUNT(*), MIN(started_ns), MAX(started_ns) FROM runs`).Scan(&f.Runs, &first, &last); err != nil {
		return fmt.Errorf("kpi: runs: %w", err)
	}
	if first.Valid {
		f.FirstRun, f.LastRun = time.Unix(0, first.Int64).UTC(), time.Unix(0, last.Int64).UTC()
	}
	if err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM assets`).Scan(&f.Assets); err != nil {
		return fmt.Errorf("kpi: assets: %w", err)
	}
	return nil
}

// Cuts are the teams (NoTeam for assets with no known owner) and kinds of
// the store's assets, sorted: what Filter can name.
func Cuts(ctx context.Context, st *store.Store) (teams, kinds []string, err error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT DISTINCT 'team', owner FROM assets UNION SELECT DISTINCT 'kind', target_kind FROM assets ORDER BY 1, 2`)
	if err != nil {
		return nil, nil, fmt.Errorf("kpi: assets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cut, name string
		if err := rows.Scan(&cut, &name); err != nil {
			return nil, nil, fmt.Errorf("kpi: assets: %w", err)
		}
		if cut == "kind" {
			kinds = append(kinds, name)
		} else {
			teams = append(teams, team(name))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("kpi: assets: %w", err)
	}
	slices.Sort(teams)
	return teams, kinds, nil
}
