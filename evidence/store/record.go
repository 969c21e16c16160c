package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
)

// batchRows is how many rows one INSERT writes: a big SBOM's run has some
// 50,000 resources, and a statement per row is a round trip per row to
// PostgreSQL.
const batchRows = 200

// sighting is a resource a run saw whose first sighting the store keeps:
// a target's tracked resources (an SBOM's vulnerability findings, timed
// from it for their SLA).
type sighting struct {
	targetKind engine.Kind
	target     engine.Identity
	resource   string
}

// Record writes a run, in one transaction:
//   - the run itself (its id must be new);
//   - its targets' tracked resources (TargetSummary.Tracked), first seen
//     now unless seen before;
//   - every finding (a fail, warn, error or waived result), by fingerprint:
//     new ones open, known ones seen again (reopened if they were resolved);
//   - unless the run is partial (Report.Partial: it saw part of its
//     targets: --exclude, a subdirectory), findings still open from earlier runs on a target this
//     run judged (it loaded) with a policy this run ran, that no result of
//     this run repeats: resolved now.
func (s *Store) Record(ctx context.Context, rep *engine.Report) error {
	if rep.Run.ID == "" {
		return fmt.Errorf("record: the run has no id")
	}
	now := rep.Run.StartedAt.UnixNano()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO runs (id, started_ns, finished_ns, tool_version, policy_set_digest, fail_on, targets, results, blocking)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, rep.Run.ID, now, rep.Run.FinishedAt.UnixNano(), rep.Tool.Version,
			rep.PolicySet.Digest, rep.FailOn, len(rep.Targets), len(rep.Results), rep.Summary.Blocking); err != nil {
			return fmt.Errorf("record run %s: %w", rep.Run.ID, err)
		}
		if err := recordSightings(ctx, tx, s.dialect, rep.Targets, now); err != nil {
			return err
		}
		err := recordFindings(ctx, tx, s.dialect, rep, now)
		if err == nil && failAfterFindings != nil {
			err = failAfterFindings()
		}
		if err != nil || rep.Partial {
			return err
		}
		return resolveFindings(ctx, tx, s.dialect, rep, now)
	})
}

// failAfterFindings, set by a test, fails a Record half way.
var failAfterFindings func() error

// placeholder is the i-th (from 1) parameter of a statement. SQLite gets
// "?": its driver looks numbered ones up by name, a search per value that
// made a 1,000-value statement quadratic.
func placeholder(dialect string, i int) string {
	if dialect == "sqlite" {
		return "?"
	}
	return "$" + strconv.Itoa(i)
}

// insertRows runs an INSERT of rows (each of width values) in batches:
// head is the statement up to VALUES, tail what follows the value lists.
func insertRows(ctx context.Context, tx *sql.Tx, dialect, head, tail string, width int, rows [][]any) error {
	statement := func(n int) string {
		var b strings.Builder
		b.WriteString(head)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j := range width {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(placeholder(dialect, i*width+j+1))
			}
			b.WriteByte(')')
		}
		b.WriteString(tail)
		return b.String()
	}
	// Full batches share one prepared statement rather than parsing a
	// statement of thousands of values again for each.
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, batchRows*width)
	for len(rows) > 0 {
		n := min(len(rows), batchRows)
		args = args[:0]
		for _, row := range rows[:n] {
			args = append(args, row...)
		}
		var err error
		if n == batchRows {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, statement(n)); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, statement(n), args...)
		}
		if err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func recordSightings(ctx context.Context, tx *sql.Tx, dialect string, targets []engine.TargetSummary, now int64) error {
	seen := map[sighting]bool{}
	var rows [][]any
	for _, t := range targets {
		for _, r := range t.Tracked {
			k := sighting{t.Kind, t.Identity(), r}
			if !seen[k] {
				seen[k] = true
				rows = append(rows, []any{string(k.targetKind), k.target.String(), k.resource, now, now})
			}
		}
	}
	if err := insertRows(ctx, tx, dialect, `INSERT INTO resources (target_kind, target_id, resource, first_seen_ns, last_seen_ns) VALUES `,
		` ON CONFLICT (target_kind, target_id, resource) DO UPDATE SET last_seen_ns = excluded.last_seen_ns`, 5, rows); err != nil {
		return fmt.Errorf("record sightings: %w", err)
	}
	return nil
}

// isFinding is what the store tracks: what did not pass.
func isFinding(s engine.Status) bool {
	return s == engine.StatusFail || s == engine.StatusWarn || s == engine.StatusError || s == engine.StatusWaived
}

func recordFindings(ctx context.Context, tx *sql.Tx, dialect string, rep *engine.Report, now int64) error {
	waivers := map[string]*engine.Waiver{}
	for _, w := range rep.Waivers {
		if w != nil {
			waivers[w.ID] = w
		}
	}
	seen := map[string]bool{}
	var rows [][]any
	for i := range rep.Results {
		r := &rep.Results[i]
		if !isFinding(r.Status) || r.Fingerprint == "" || seen[r.Fingerprint] || r.Policy == nil || r.Target == nil {
			continue
		}
		seen[r.Fingerprint] = true
		var owner, expires string
		if w := waivers[r.WaiverID]; w != nil {
			owner, expires = w.Owner, w.Expires
		}
		rows = append(rows, []any{r.Fingerprint, r.Policy.ID, r.Policy.Severity, string(r.Target.Kind), r.Target.Identity().String(),
			r.Target.Repo, r.Target.Path, r.Resource, string(r.Status), r.WaiverID, owner, expires, now, now, 0, rep.Run.ID})
	}
	// A finding seen again keeps its first sighting; one that had been
	// resolved is open again, and counted as reopened.
	if err := insertRows(ctx, tx, dialect, `INSERT INTO findings (fingerprint, policy_id, severity, target_kind, target_id, target_repo, target_path, resource, status, waiver_id, waiver_owner, waiver_expires, first_seen_ns, last_seen_ns, reopened, last_run) VALUES `,
		` ON CONFLICT (fingerprint) DO UPDATE SET severity = excluded.severity, status = excluded.status, waiver_id = excluded.waiver_id,
	waiver_owner = excluded.waiver_owner, waiver_expires = excluded.waiver_expires,
	last_seen_ns = excluded.last_seen_ns, last_run = excluded.last_run,
	reopened = findings.reopened + CASE WHEN findings.resolved_ns IS NULL THEN 0 ELSE 1 END, resolved_ns = NULL`, 16, rows); err != nil {
		return fmt.Errorf("record findings: %w", err)
	}
	return nil
}

// resolveFindings closes the open findings this run no longer has (the
// ones it saw carry its id), on the targets it judged (a target that did
// not load says nothing of its findings) and for the policies it ran (a run
// with fewer policies says nothing of the others'; one that failed to
// evaluate on a target, nothing of its findings there). Load and input
// failures are judged on every target that loaded.
func resolveFindings(ctx context.Context, tx *sql.Tx, dialect string, rep *engine.Report, now int64) error {
	ran := []string{engine.LoadPolicy.ID, engine.InputPolicyID}
	for _, p := range rep.Policies {
		if p != nil {
			ran = append(ran, p.ID)
		}
	}
	type targetKey struct {
		kind engine.Kind
		id   engine.Identity
	}
	failed := map[targetKey]map[string]bool{}
	for i := range rep.Results {
		if r := &rep.Results[i]; r.Status == engine.StatusError && r.Policy != nil && r.Target != nil {
			k := targetKey{r.Target.Kind, r.Target.Identity()}
			if failed[k] == nil {
				failed[k] = map[string]bool{}
			}
			failed[k][r.Policy.ID] = true
		}
	}
	for _, t := range rep.Targets {
		failedHere := failed[targetKey{t.Kind, t.Identity()}]
		if t.Error != "" || failedHere[engine.InputPolicyID] {
			continue // not judged: its findings stand as they were
		}
		args := []any{now, string(t.Kind), t.Identity().String(), rep.Run.ID}
		var in []string
		for _, id := range ran {
			if !failedHere[id] {
				args = append(args, id)
				in = append(in, placeholder(dialect, len(args)))
			}
		}
		q := `UPDATE findings SET resolved_ns = ` + placeholder(dialect, 1) + ` WHERE target_kind = ` + placeholder(dialect, 2) +
			` AND target_id = ` + placeholder(dialect, 3) + ` AND resolved_ns IS NULL AND last_run <> ` + placeholder(dialect, 4) +
			` AND policy_id IN (` + strings.Join(in, ", ") + `)`
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("resolve findings: %w", err)
		}
	}
	return nil
}

// FirstSeen is when each resource of a target was first seen, by the runs
// recorded so far (as sightings).
func (s *Store) FirstSeen(ctx context.Context, kind engine.Kind, target engine.Identity) (map[string]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT resource, first_seen_ns FROM resources WHERE target_kind = $1 AND target_id = $2`, string(kind), target.String())
	if err != nil {
		return nil, fmt.Errorf("first seen: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var res string
		var ns int64
		if err := rows.Scan(&res, &ns); err != nil {
			return nil, fmt.Errorf("first seen: %w", err)
		}
		out[res] = time.Unix(0, ns).UTC()
	}
	return out, rows.Err()
}

// Finding is a finding's life as the store has it.
type Finding struct {
	Fingerprint, PolicyID, Severity, TargetKind, TargetID, Resource, Status string
	WaiverID, WaiverOwner, WaiverExpires                                    string // the waiver that waives it, "" none
	FirstSeen, LastSeen                                                     time.Time
	Resolved                                                                time.Time // zero while open
	Reopened                                                                int
	LastRun                                                                 string
}

// Findings lists the findings of a target, by fingerprint.
func (s *Store) Findings(ctx context.Context, kind engine.Kind, target engine.Identity) ([]Finding, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT fingerprint, policy_id, severity, target_kind, target_id, resource, status, waiver_id, waiver_owner, waiver_expires,
	first_seen_ns, last_seen_ns, resolved_ns, reopened, last_run FROM findings WHERE target_kind = $1 AND target_id = $2 ORDER BY fingerprint`, string(kind), target.String())
	if err != nil {
		return nil, fmt.Errorf("findings: %w", err)
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var f Finding
		var first, last int64
		var resolved sql.NullInt64
		if err := rows.Scan(&f.Fingerprint, &f.PolicyID, &f.Severity, &f.TargetKind, &f.TargetID, &f.Resource, &f.Status, &f.WaiverID, &f.WaiverOwner, &f.WaiverExpires,
			&first, &last, &resolved, &f.Reopened, &f.LastRun); err != nil {
			return nil, fmt.Errorf("findings: %w", err)
		}
		f.FirstSeen, f.LastSeen = time.Unix(0, first).UTC(), time.Unix(0, last).UTC()
		if resolved.Valid {
			f.Resolved = time.Unix(0, resolved.Int64).UTC()
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
