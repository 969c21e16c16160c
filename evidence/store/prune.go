package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Pruned counts what Prune removed, by table.
type Pruned struct {
	Runs, Findings, WaivedPeriods, Verdicts, Assets, Sightings, Policies int64
}

// Prune removes the history from before a time, for retention, in one
// transaction (dryRun rolls it back, to count only):
//   - findings resolved before it, and open ones last seen before it on
//     a target not judged since, with their waived spans;
//   - verdict intervals that ended before it, and assets last judged
//     before it with all their verdicts;
//   - runs before it that no remaining finding or asset names;
//   - sightings and policies last seen before it (a policy only once no
//     verdict names it).
//
// What still holds after it — open findings and the verdict intervals
// current then — stays, so KPIs from then on are unchanged.
func (s *Store) Prune(ctx context.Context, before time.Time, dryRun bool) (Pruned, error) {
	var p Pruned
	b := before.UnixNano()
	steps := []struct {
		n    *int64
		stmt string
	}{
		{&p.WaivedPeriods, `DELETE FROM waived_periods WHERE EXISTS (SELECT 1 FROM findings f WHERE f.fingerprint = waived_periods.fingerprint AND
	((f.resolved_ns IS NOT NULL AND f.resolved_ns < $1) OR (f.resolved_ns IS NULL AND f.last_seen_ns < $1 AND ` + judgedSince("f") + `)))`},
		{&p.Findings, `DELETE FROM findings WHERE (resolved_ns IS NOT NULL AND resolved_ns < $1) OR (resolved_ns IS NULL AND last_seen_ns < $1 AND ` + judgedSince("findings") + `)`},
		{&p.Verdicts, `DELETE FROM verdicts WHERE (to_ns IS NOT NULL AND to_ns <= $1) OR EXISTS (SELECT 1 FROM assets a
	WHERE a.target_kind = verdicts.target_kind AND a.target_id = verdicts.target_id AND a.last_seen_ns < $1)`},
		{&p.Assets, `DELETE FROM assets WHERE last_seen_ns < $1`},
		{&p.Runs, `DELETE FROM runs WHERE started_ns < $1 AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.last_run = runs.id)
	AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.last_run = runs.id)`},
		{&p.Sightings, `DELETE FROM resources WHERE last_seen_ns < $1`},
		{&p.Policies, `DELETE FROM policies WHERE last_seen_ns < $1 AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.policy_id = policies.policy_id)`},
	}
	errDryRun := fmt.Errorf("dry run")
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.writeLock(ctx, tx); err != nil {
			return fmt.Errorf("prune: %w", err)
		}
		for _, st := range steps {
			res, err := tx.ExecContext(ctx, st.stmt, b)
			if err != nil {
				return fmt.Errorf("prune: %w", err)
			}
			if *st.n, err = res.RowsAffected(); err != nil {
				return fmt.Errorf("prune: %w", err)
			}
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if err == errDryRun {
		err = nil
	}
	return p, err
}

// judgedSince says that the target of the findings row f was not judged
// since the prune date: an open finding a later run did not see (a
// partial run, a policy gone from the set, one that failed to evaluate)
// is still open while its target is judged, and must stay.
func judgedSince(f string) string {
	return `NOT EXISTS (SELECT 1 FROM assets a WHERE a.target_kind = ` + f + `.target_kind AND a.target_id = ` + f + `.target_id AND a.last_seen_ns >= $1)`
}

// HasRun says whether a run of this id is recorded.
func (s *Store) HasRun(ctx context.Context, id string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM runs WHERE id = $1`, id).Scan(&n); err != nil {
		return false, fmt.Errorf("store: %w", err)
	}
	return n > 0, nil
}

// SetRunEvidence records where a run's evidence bundle is: its digest
// (sha256 of its attestation), where it was written or pushed, and the
// scope its chain belongs to.
func (s *Store) SetRunEvidence(ctx context.Context, runID, scope, digest, location string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE runs SET scope = $1, evidence_digest = $2, evidence_location = $3 WHERE id = $4`, scope, digest, location, runID)
	if err != nil {
		return fmt.Errorf("store: record evidence of run %s: %w", runID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("store: record evidence of run %s: no such run", runID)
	}
	return nil
}
