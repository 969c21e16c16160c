package store

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
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
	return s.inConnTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		if err := s.writeLock(ctx, tx); err != nil {
			return fmt.Errorf("record run %s: %w", rep.Run.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO runs (id, started_ns, finished_ns, tool_version, policy_set_digest, fail_on, targets, results, blocking)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, rep.Run.ID, now, rep.Run.FinishedAt.UnixNano(), rep.Tool.Version,
			rep.PolicySet.Digest, rep.FailOn, len(rep.Targets), len(rep.Results), rep.Summary.Blocking); err != nil {
			return fmt.Errorf("record run %s: %w", rep.Run.ID, err)
		}
		judged := judgedTargets(rep)
		later, err := laterAssets(ctx, tx, s.dialect, judged, now)
		if err != nil {
			return err
		}
		if err := recordSightings(ctx, tx, s.dialect, rep.Targets, later, now); err != nil {
			return err
		}
		copyConn := conn
		if s.dialect != "postgres" {
			copyConn = nil
		}
		waived, err := recordFindings(ctx, tx, copyConn, s.dialect, rep, later, now)
		if err == nil && failAfterFindings != nil {
			err = failAfterFindings()
		}
		if err != nil {
			return err
		}
		if !rep.Partial {
			if err := resolveFindings(ctx, tx, s.dialect, rep, judged, later, now); err != nil {
				return err
			}
		}
		if err := recordPolicies(ctx, tx, s.dialect, rep, now); err != nil {
			return err
		}
		if err := recordVerdicts(ctx, tx, s.dialect, rep, judged, later, now); err != nil {
			return err
		}
		return recordWaivedPeriods(ctx, tx, s.dialect, waived, now)
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
	return insertSeq(ctx, tx, dialect, head, tail, width, slices.Values(rows))
}

// insertSeq is insertRows over rows made as they are written (a row's
// slice may be reused once yielded), so a big run's rows are never all
// held at once.
func insertSeq(ctx context.Context, tx *sql.Tx, dialect, head, tail string, width int, rows iter.Seq[[]any]) error {
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
	n := 0
	var err error
	for row := range rows {
		args = append(args, row...)
		if n++; n < batchRows {
			continue
		}
		if full == nil {
			if full, err = tx.PrepareContext(ctx, statement(n)); err != nil {
				return err
			}
		}
		if _, err = full.ExecContext(ctx, args...); err != nil {
			return err
		}
		args, n = args[:0], 0
	}
	if n > 0 {
		_, err = tx.ExecContext(ctx, statement(n), args...)
	}
	return err
}

func recordSightings(ctx context.Context, tx *sql.Tx, dialect string, targets []engine.TargetSummary, later map[assetKey]bool, now int64) error {
	seen := map[sighting]bool{}
	var rows [][]any
	for _, t := range targets {
		if later[assetKey{t.Kind, t.Identity().String()}] {
			continue
		}
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

// recordFindings writes the run's findings, and returns the fingerprints
// of those waived.
// With copyConn (PostgreSQL), the rows are copied in (COPY) and merged
// from a temporary table: a big SBOM's findings are written with a
// fraction of the garbage statements with thousands of values make.
func recordFindings(ctx context.Context, tx *sql.Tx, copyConn *sql.Conn, dialect string, rep *engine.Report, later map[assetKey]bool, now int64) ([]waivedFinding, error) {
	waivers := map[string]*engine.Waiver{}
	for _, w := range rep.Waivers {
		if w != nil {
			waivers[w.ID] = w
		}
	}
	seen := map[string]bool{}
	var waived []waivedFinding
	rows := func(yield func([]any) bool) {
		row := make([]any, 16)
		for i := range rep.Results {
			r := &rep.Results[i]
			if !isFinding(r.Status) || r.Fingerprint == "" || seen[r.Fingerprint] || r.Policy == nil || r.Target == nil ||
				later[assetKey{r.Target.Kind, r.Target.Identity().String()}] {
				continue
			}
			seen[r.Fingerprint] = true
			var owner, expires string
			if w := waivers[r.WaiverID]; w != nil {
				owner, expires = w.Owner, w.Expires
			}
			if r.Status == engine.StatusWaived {
				waived = append(waived, waivedFinding{r.Fingerprint, r.WaiverID, owner, expires})
			}
			copy(row, []any{r.Fingerprint, r.Policy.ID, r.Policy.Severity, string(r.Target.Kind), r.Target.Identity().String(),
				r.Target.Repo, r.Target.Path, r.Resource, string(r.Status), r.WaiverID, owner, expires, now, now, 0, rep.Run.ID})
			if !yield(row) {
				return
			}
		}
	}
	// A finding seen again keeps its first sighting; one that had been
	// resolved is open again, and counted as reopened.
	const cols = `fingerprint, policy_id, severity, target_kind, target_id, target_repo, target_path, resource, status, waiver_id, waiver_owner, waiver_expires, first_seen_ns, last_seen_ns, reopened, last_run`
	const upsert = ` ON CONFLICT (fingerprint) DO UPDATE SET severity = excluded.severity, status = excluded.status, waiver_id = excluded.waiver_id,
	waiver_owner = excluded.waiver_owner, waiver_expires = excluded.waiver_expires,
	last_seen_ns = excluded.last_seen_ns, last_run = excluded.last_run,
	reopened = findings.reopened + CASE WHEN findings.resolved_ns IS NULL THEN 0 ELSE 1 END, resolved_ns = NULL`
	var err error
	if copyConn != nil {
		err = copyMerge(ctx, tx, copyConn, "findings", cols, upsert, rows)
	} else {
		err = insertSeq(ctx, tx, dialect, `INSERT INTO findings (`+cols+`) VALUES `, upsert, 16, rows)
	}
	if err != nil {
		return nil, fmt.Errorf("record findings: %w", err)
	}
	return waived, nil
}

// copyMerge writes rows (of cols) into table on PostgreSQL: COPY into a
// temporary table like it, then one INSERT … SELECT with the conflict
// clause tail.
func copyMerge(ctx context.Context, tx *sql.Tx, conn *sql.Conn, table, cols, tail string, rows iter.Seq[[]any]) error {
	in := table + "_in"
	if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE `+in+` (LIKE `+table+`) ON COMMIT DROP`); err != nil {
		return err
	}
	next, stop := iter.Pull(rows)
	defer stop()
	names := strings.Split(cols, ", ")
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("COPY: not a pgx connection (%T)", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{in}, names, pgx.CopyFromFunc(func() ([]any, error) {
			row, ok := next()
			if !ok {
				return nil, nil
			}
			return row, nil
		}))
		return err
	})
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO `+table+` (`+cols+`) SELECT `+cols+` FROM `+in+tail)
	return err
}

// resolveFindings closes the open findings this run no longer has (the
// ones it saw carry its id), on the targets it judged (a target that did
// not load says nothing of its findings) and for the policies it ran (a run
// with fewer policies says nothing of the others'; one that failed to
// evaluate on a target, nothing of its findings there). Load and input
// failures are judged on every target that loaded.
func resolveFindings(ctx context.Context, tx *sql.Tx, dialect string, rep *engine.Report, judged map[assetKey]map[string]bool, later map[assetKey]bool, now int64) error {
	ran := []string{engine.LoadPolicy.ID, engine.InputPolicyID}
	for _, p := range rep.Policies {
		if p != nil {
			ran = append(ran, p.ID)
		}
	}
	for _, t := range rep.Targets {
		k := assetKey{t.Kind, t.Identity().String()}
		failedHere, ok := judged[k]
		if !ok || later[k] {
			continue // not judged, or judged since: its findings stand as they were
		}
		args := []any{now, string(t.Kind), k.id, rep.Run.ID}
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
