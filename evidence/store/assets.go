package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/paved-dev/paved/engine"
)

// assetKey names an asset: a target by kind and identity.
type assetKey struct {
	kind engine.Kind
	id   string
}

// Verdicts an asset can have on a policy, from best to worst: the worst
// of its results on the policy is its verdict. pass, advisory (a deny
// policy's advisory denial, reported as a warning) and waived pass the
// policy; warn (a warn policy's violation), fail and error do not.
var verdictRank = map[string]int{"pass": 0, "advisory": 1, "waived": 2, "warn": 3, "fail": 4, "error": 5}

// PassingVerdicts are the verdicts that pass a policy.
var PassingVerdicts = []string{"pass", "advisory", "waived"}

func verdictOf(r *engine.Result) string {
	switch r.Status {
	case engine.StatusPass:
		return "pass"
	case engine.StatusWaived:
		return "waived"
	case engine.StatusWarn:
		if r.Policy.Enforcement == "deny" {
			return "advisory"
		}
		return "warn"
	case engine.StatusFail:
		return "fail"
	}
	return "error"
}

// judgedTargets are the targets a run judged (they loaded, and their input
// converted), each with the policies that failed to evaluate on it.
func judgedTargets(rep *engine.Report) map[assetKey]map[string]bool {
	failed := map[assetKey]map[string]bool{}
	for i := range rep.Results {
		if r := &rep.Results[i]; r.Status == engine.StatusError && r.Policy != nil && r.Target != nil {
			k := assetKey{r.Target.Kind, r.Target.Identity().String()}
			if failed[k] == nil {
				failed[k] = map[string]bool{}
			}
			failed[k][r.Policy.ID] = true
		}
	}
	judged := map[assetKey]map[string]bool{}
	for _, t := range rep.Targets {
		k := assetKey{t.Kind, t.Identity().String()}
		if t.Error != "" || failed[k][engine.InputPolicyID] {
			continue
		}
		judged[k] = failed[k]
		if judged[k] == nil {
			judged[k] = map[string]bool{}
		}
	}
	return judged
}

// queryIn runs query (ending in "IN (") once per batch of ids, with args
// before the ids, and calls row for each row.
func queryIn(ctx context.Context, tx *sql.Tx, dialect, query string, args []any, ids []string, row func(*sql.Rows) error) error {
	for len(ids) > 0 {
		n := min(len(ids), batchRows)
		a := slices.Clone(args)
		var ph []string
		for _, id := range ids[:n] {
			a = append(a, id)
			ph = append(ph, placeholder(dialect, len(a)))
		}
		rows, err := tx.QueryContext(ctx, query+strings.Join(ph, ", ")+")", a...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := row(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// queryJudged runs query (ending in "WHERE … AND ") over the judged
// assets, kind by kind, so that it searches the (target_kind, target_id)
// keys rather than scanning the table.
func queryJudged(ctx context.Context, tx *sql.Tx, dialect, query string, args []any, judged map[assetKey]map[string]bool, row func(*sql.Rows) error) error {
	byKind := map[engine.Kind][]string{}
	for k := range judged {
		byKind[k.kind] = append(byKind[k.kind], k.id)
	}
	kinds := slices.Sorted(maps.Keys(byKind))
	for _, kind := range kinds {
		ids := byKind[kind]
		slices.Sort(ids)
		a := append(slices.Clone(args), string(kind))
		q := query + `target_kind = ` + placeholder(dialect, len(a)) + ` AND target_id IN (`
		if err := queryIn(ctx, tx, dialect, q, a, ids, row); err != nil {
			return err
		}
	}
	return nil
}

// laterAssets are the judged assets a run recorded before had seen after
// now: a run older than what the store knows of an asset (two CI jobs
// finishing out of order, an old report imported late) leaves the asset's
// verdicts and findings to the newer run.
func laterAssets(ctx context.Context, tx *sql.Tx, dialect string, judged map[assetKey]map[string]bool, now int64) (map[assetKey]bool, error) {
	later := map[assetKey]bool{}
	err := queryJudged(ctx, tx, dialect, `SELECT target_kind, target_id FROM assets WHERE last_seen_ns > `+placeholder(dialect, 1)+` AND `,
		[]any{now}, judged, func(rows *sql.Rows) error {
			var k assetKey
			if err := rows.Scan(&k.kind, &k.id); err != nil {
				return err
			}
			if _, ok := judged[k]; ok {
				later[k] = true
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("record assets: %w", err)
	}
	return later, nil
}

// recordPolicies keeps the metadata of the run's policies (the newest
// run's wins) and the span of runs that had each.
func recordPolicies(ctx context.Context, tx *sql.Tx, dialect string, rep *engine.Report, now int64) error {
	var rows [][]any
	seen := map[string]bool{}
	for _, p := range rep.Policies {
		if p == nil || seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		tags := "," + strings.Join(p.Tags, ",") + ","
		rows = append(rows, []any{p.ID, p.Title, p.Severity, string(p.Kind), p.Enforcement, tags,
			boolInt(slices.Contains(p.Tags, "baseline")), boolInt(slices.Contains(p.Tags, "golden-path")), now, now})
	}
	newer := func(col string) string {
		return col + ` = CASE WHEN excluded.last_seen_ns >= policies.last_seen_ns THEN excluded.` + col + ` ELSE policies.` + col + ` END`
	}
	tail := ` ON CONFLICT (policy_id) DO UPDATE SET ` + strings.Join([]string{
		newer("title"), newer("severity"), newer("kind"), newer("enforcement"), newer("tags"), newer("baseline_tag"), newer("golden_path"),
		`first_seen_ns = CASE WHEN excluded.first_seen_ns < policies.first_seen_ns THEN excluded.first_seen_ns ELSE policies.first_seen_ns END`,
		`last_seen_ns = CASE WHEN excluded.last_seen_ns > policies.last_seen_ns THEN excluded.last_seen_ns ELSE policies.last_seen_ns END`,
	}, ", ")
	if err := insertRows(ctx, tx, dialect, `INSERT INTO policies (policy_id, title, severity, kind, enforcement, tags, baseline_tag, golden_path, first_seen_ns, last_seen_ns) VALUES `,
		tail, 10, rows); err != nil {
		return fmt.Errorf("record policies: %w", err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// recordVerdicts writes the judged assets (with their owner) and their
// verdicts: an interval is opened only where a verdict changed, and closed
// where a policy the run ran no longer judged the asset. A partial run,
// which may not have seen all of the asset, closes none it did not judge
// and makes none it did better.
func recordVerdicts(ctx context.Context, tx *sql.Tx, dialect string, rep *engine.Report, judged map[assetKey]map[string]bool, later map[assetKey]bool, now int64) error {
	current := map[assetKey]map[string]string{}
	for i := range rep.Results {
		r := &rep.Results[i]
		if r.Policy == nil || r.Target == nil || r.Policy.ID == engine.LoadPolicy.ID || r.Policy.ID == engine.InputPolicyID {
			continue
		}
		k := assetKey{r.Target.Kind, r.Target.Identity().String()}
		if _, ok := judged[k]; !ok || later[k] {
			continue
		}
		if current[k] == nil {
			current[k] = map[string]string{}
		}
		v := verdictOf(r)
		if old, ok := current[k][r.Policy.ID]; !ok || verdictRank[v] > verdictRank[old] {
			current[k][r.Policy.ID] = v
		}
	}

	var assets [][]any
	written := map[assetKey]bool{}
	for _, t := range rep.Targets {
		k := assetKey{t.Kind, t.Identity().String()}
		if _, ok := judged[k]; !ok || later[k] || written[k] {
			continue // two targets of one identity (two files of one SBOM's component) are one asset
		}
		written[k] = true
		assets = append(assets, []any{string(t.Kind), k.id, t.Repo, t.Path, t.Owner, now, now, rep.Run.ID})
	}
	if err := insertRows(ctx, tx, dialect, `INSERT INTO assets (target_kind, target_id, target_repo, target_path, owner, first_seen_ns, last_seen_ns, last_run) VALUES `,
		` ON CONFLICT (target_kind, target_id) DO UPDATE SET target_repo = excluded.target_repo, target_path = excluded.target_path,
	owner = CASE WHEN excluded.owner <> '' THEN excluded.owner ELSE assets.owner END, last_seen_ns = excluded.last_seen_ns, last_run = excluded.last_run`, 8, assets); err != nil {
		return fmt.Errorf("record assets: %w", err)
	}

	open := map[assetKey]map[string]string{}
	err := queryJudged(ctx, tx, dialect, `SELECT target_kind, target_id, policy_id, verdict FROM verdicts WHERE to_ns IS NULL AND `,
		nil, judged, func(rows *sql.Rows) error {
			var k assetKey
			var policy, verdict string
			if err := rows.Scan(&k.kind, &k.id, &policy, &verdict); err != nil {
				return err
			}
			if _, ok := judged[k]; ok && !later[k] {
				if open[k] == nil {
					open[k] = map[string]string{}
				}
				open[k][policy] = verdict
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("record verdicts: %w", err)
	}

	ran := map[string]bool{}
	for _, p := range rep.Policies {
		if p != nil {
			ran[p.ID] = true
		}
	}
	var inserts [][]any
	keys := make([]assetKey, 0, len(judged))
	for k := range judged {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b assetKey) int {
		return strings.Compare(string(a.kind)+"\x00"+a.id, string(b.kind)+"\x00"+b.id)
	})
	for _, k := range keys {
		if later[k] {
			continue
		}
		if rep.Partial {
			// A partial run did not see all of the asset: the findings it
			// did not see stay open (it resolves nothing), so a verdict
			// it saw may get worse, never better.
			for policy, cur := range current[k] {
				if was, ok := open[k][policy]; ok && verdictRank[cur] < verdictRank[was] {
					current[k][policy] = was
				}
			}
		}
		var closing []string
		for policy, was := range open[k] {
			cur, judgedNow := current[k][policy]
			switch {
			case judgedNow && cur == was:
			case judgedNow:
				closing = append(closing, policy)
			case ran[policy] && !judged[k][policy] && !rep.Partial:
				closing = append(closing, policy) // no longer applies
			}
		}
		for policy, v := range current[k] {
			if was, ok := open[k][policy]; !ok || was != v {
				inserts = append(inserts, []any{string(k.kind), k.id, policy, v, now})
			}
		}
		if len(closing) == 0 {
			continue
		}
		slices.Sort(closing)
		args := []any{now, string(k.kind), k.id}
		var in []string
		for _, p := range closing {
			args = append(args, p)
			in = append(in, placeholder(dialect, len(args)))
		}
		q := `UPDATE verdicts SET to_ns = ` + placeholder(dialect, 1) + ` WHERE target_kind = ` + placeholder(dialect, 2) + ` AND target_id = ` +
			placeholder(dialect, 3) + ` AND to_ns IS NULL AND policy_id IN (` + strings.Join(in, ", ") + `)`
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("record verdicts: %w", err)
		}
	}
	// An interval closed and opened at the same instant (two runs at one
	// time) is replaced by the later verdict.
	if err := insertRows(ctx, tx, dialect, `INSERT INTO verdicts (target_kind, target_id, policy_id, verdict, from_ns) VALUES `,
		` ON CONFLICT (target_kind, target_id, policy_id, from_ns) DO UPDATE SET verdict = excluded.verdict, to_ns = NULL`, 5, inserts); err != nil {
		return fmt.Errorf("record verdicts: %w", err)
	}
	return nil
}

// waivedFinding is a finding a run saw waived, and its waiver.
type waivedFinding struct {
	fingerprint, waiverID, owner, expires string
}

// recordWaivedPeriods keeps when findings were waived, which pauses their
// SLA clock, and by which waiver: a span opens when a run sees a finding
// waived that was not (or under another waiver), and closes at the first
// run that sees it otherwise or resolves it.
func recordWaivedPeriods(ctx context.Context, tx *sql.Tx, dialect string, waived []waivedFinding, now int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE waived_periods SET to_ns = `+placeholder(dialect, 1)+` WHERE to_ns IS NULL AND EXISTS (
	SELECT 1 FROM findings f WHERE f.fingerprint = waived_periods.fingerprint AND (f.status <> 'waived' OR f.resolved_ns IS NOT NULL))`, now); err != nil {
		return fmt.Errorf("record waived periods: %w", err)
	}
	slices.SortFunc(waived, func(a, b waivedFinding) int { return strings.Compare(a.fingerprint, b.fingerprint) })
	fps := make([]string, len(waived))
	for i, w := range waived {
		fps[i] = w.fingerprint
	}
	open := map[string]string{} // fingerprint → waiver of its open span
	err := queryIn(ctx, tx, dialect, `SELECT fingerprint, waiver_id FROM waived_periods WHERE to_ns IS NULL AND fingerprint IN (`, nil, fps,
		func(rows *sql.Rows) error {
			var fp, id string
			if err := rows.Scan(&fp, &id); err != nil {
				return err
			}
			open[fp] = id
			return nil
		})
	if err != nil {
		return fmt.Errorf("record waived periods: %w", err)
	}
	var rows [][]any
	for _, w := range waived {
		id, isOpen := open[w.fingerprint]
		if isOpen && id == w.waiverID {
			continue
		}
		if isOpen { // waived on, by another waiver
			if _, err := tx.ExecContext(ctx, `UPDATE waived_periods SET to_ns = $1 WHERE fingerprint = $2 AND to_ns IS NULL`, now, w.fingerprint); err != nil {
				return fmt.Errorf("record waived periods: %w", err)
			}
		}
		rows = append(rows, []any{w.fingerprint, now, w.waiverID, w.owner, w.expires})
	}
	if err := insertRows(ctx, tx, dialect, `INSERT INTO waived_periods (fingerprint, from_ns, waiver_id, waiver_owner, waiver_expires) VALUES `,
		` ON CONFLICT (fingerprint, from_ns) DO UPDATE SET to_ns = NULL, waiver_id = excluded.waiver_id, waiver_owner = excluded.waiver_owner, waiver_expires = excluded.waiver_expires`, 5, rows); err != nil {
		return fmt.Errorf("record waived periods: %w", err)
	}
	return nil
}
