package check

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/exclude"
	"github.com/paved-dev/paved/engine/gitindex"
	"github.com/paved-dev/paved/engine/osv"
	"github.com/paved-dev/paved/engine/repo"
	"github.com/paved-dev/paved/engine/sbom"
	"github.com/paved-dev/paved/engine/waiver"
)

// LoadError is returned with a report when some input could not be loaded:
// the report then holds an error result per problem, and the run fails.
type LoadError struct{ Diagnostics engine.Diagnostics }

func (e *LoadError) Error() string { return e.Diagnostics.Error() }

// loaded is what a run's loading produced.
type loaded struct {
	targets []*engine.Target
	diags   engine.Diagnostics
	kinds   map[string]engine.Kind // the kind of each diagnosed file
	scopes  map[string]scope       // where each diagnosed file was read
	// read reads a source file again, as the run saw it (inline waivers).
	read func(string) ([]byte, error)
	// staged says paths are relative to the repository root (git's index).
	staged bool
}

func (l *loaded) collect(ctx context.Context, kind engine.Kind, sc scope, path string, err error) error {
	n := len(l.diags)
	if err := l.diags.Collect(ctx, path, err); err != nil {
		return err
	}
	for _, d := range l.diags[n:] {
		f := filepath.ToSlash(d.File)
		if _, ok := l.kinds[f]; !ok {
			l.kinds[f], l.scopes[f] = kind, sc
		}
	}
	return nil
}

func newLoaded(read func(string) ([]byte, error)) *loaded {
	return &loaded{kinds: map[string]engine.Kind{}, scopes: map[string]scope{}, read: read}
}

// Judge checks every path with a loaded policy set and returns the report:
// the stage a fleet scan repeats per repository with one policy set. Input
// problems are collected into error results and also returned as a
// *LoadError, so the caller can print them and exit 2 while still writing
// the report.
func Judge(ctx context.Context, ps *engine.PolicySet, opts Options) (*engine.Report, error) {
	start := time.Now().UTC()
	if opts.FailOn == "" {
		opts.FailOn = engine.SeverityHigh
	}
	if engine.SeverityRank(opts.FailOn) == 0 {
		return nil, fmt.Errorf("fail-on %q is not one of critical, high, medium, low", opts.FailOn)
	}
	if opts.Staged && opts.NewSince != "" {
		return nil, errors.New("--new-since and --staged do not go together: --staged already judges only the commit's changes")
	}
	if len(opts.Paths) == 0 {
		opts.Paths = []string{"."}
	}
	var vulns *vulnDB
	if opts.VulnDB != "" {
		var err error
		if vulns, err = newVulnDB(ctx, opts.VulnDB, osv.Options{Workers: opts.Workers}); err != nil {
			return nil, err
		}
	}
	var advisories sbom.AdvisoryDB
	if vulns != nil {
		advisories = vulns
	}
	if opts.Image.Verifier == nil {
		v, err := verifierFor(ctx, opts.Paths, opts.Trust)
		if err != nil {
			return nil, err
		}
		opts.Image.Verifier = v
	}
	kinds := newKinds(opts, exclude.New(opts.Exclude), advisories)
	var base *mergeBase
	if opts.NewSince != "" {
		var err error
		if base, err = loadMergeBase(ctx, kinds, opts); err != nil {
			return nil, err
		}
		defer base.close()
	}
	load := loadPaths
	if opts.Staged {
		load = loadStaged
	}
	ld, err := load(ctx, kinds, opts.Paths, func(p string) scope { return scopeOf(p, opts.Repo) })
	if err == nil {
		err = vulns.Err()
	}
	if err != nil {
		return nil, err
	}
	if opts.Owner != "" {
		for _, t := range ld.targets {
			t.Owner = opts.Owner
		}
	}
	slog.Debug("targets loaded", "targets", len(ld.targets), "elapsed", time.Since(start))
	tracked, err := date(ctx, kinds, ld.targets, opts.History, start)
	if err != nil {
		return nil, err
	}
	all := ld.targets
	if base != nil {
		all = append(append([]*engine.Target(nil), ld.targets...), base.targets...)
	}
	ev, err := engine.NewEvaluator(ctx, ps, engine.EvalOptions{
		Data: opts.Data, Timeout: opts.Timeout, Workers: opts.Workers, Only: engine.Applicable(all),
		ReleaseInput: true, // each target is judged once
	})
	if err != nil {
		return nil, err
	}
	results := ev.Evaluate(ctx, ld.targets)
	slog.Debug("targets evaluated", "results", len(results), "elapsed", time.Since(start))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep := &engine.Report{
		Schema:    engine.ReportSchema,
		Tool:      engine.Tool{Name: "paved", Version: opts.Version},
		PolicySet: engine.PolicySetInfo{Digest: ps.Digest, Count: len(ps.Policies)},
		FailOn:    opts.FailOn,
		Policies:  ps.Policies,
		Partial:   opts.Partial || opts.Staged,
	}
	for i, t := range ld.targets {
		rep.Targets = append(rep.Targets, engine.TargetSummary{TargetRef: t.Ref(), Resources: len(t.Resources), Tracked: tracked[i]})
	}
	results = append(results, loadErrors(rep, kinds, ld)...)
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	ws := waiver.NewSet(opts.Waivers)
	if err := ws.ScanSources(ld.targets, results, ld.read); err != nil {
		return nil, fmt.Errorf("waiver: %w", err)
	}
	// A partial run sees too little to call a waiver stale.
	rep.Waivers = ws.Apply(results, ld.targets, now, !rep.Partial)
	if opts.Baseline != nil {
		opts.Baseline.Apply(results)
		rep.Baseline = &engine.BaselineInfo{File: opts.BaselineFile, Findings: len(opts.Baseline)}
	}
	if base != nil {
		known := base.findings(ev.Evaluate(ctx, base.targets))
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		known.Apply(results)
		if rep.Baseline == nil {
			rep.Baseline = &engine.BaselineInfo{}
		}
		rep.Baseline.NewSince, rep.Baseline.MergeBase = opts.NewSince, base.commit
		rep.Baseline.Findings += len(known)
	}
	rep.Results = results
	rep.Summary = engine.Summarize(results, opts.FailOn)
	end := time.Now().UTC()
	rep.Run = engine.Run{ID: newRunID(), StartedAt: start, FinishedAt: end, DurationMS: end.Sub(start).Milliseconds()}
	if len(ld.diags) > 0 {
		return rep, &LoadError{Diagnostics: ld.diags}
	}
	return rep, nil
}

// date lists, per target, the resources a history tracks (engine.Dated) and
// dates them from the history's first sightings before they are judged.
func date(ctx context.Context, kinds []engine.KindLoader, targets []*engine.Target, h History, now time.Time) ([][]string, error) {
	byKind := map[engine.Kind]engine.Dated{}
	for _, k := range kinds {
		if d, ok := k.(engine.Dated); ok {
			byKind[k.Kind()] = d
		}
	}
	tracked := make([][]string, len(targets))
	for i, t := range targets {
		d := byKind[t.Kind]
		if d == nil {
			continue
		}
		tracked[i] = d.Tracked(t)
		if h == nil || len(tracked[i]) == 0 {
			continue
		}
		seen, err := h.FirstSeen(ctx, t.Kind, t.Identity)
		if err != nil {
			return nil, err
		}
		d.Date(t, seen, now)
	}
	return tracked, nil
}

// readFile reads a source file again (for inline waivers), bounded.
func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return engine.ReadAllLimit(f, waiver.MaxSourceSize)
}

// loadPaths loads the targets under every path, each named in the scope
// scopeOf gives its path.
func loadPaths(ctx context.Context, kinds []engine.KindLoader, paths []string, scopeOf func(string) scope) (*loaded, error) {
	ld := newLoaded(readFile)
	for _, p := range paths {
		sc := scopeOf(p)
		loaders, err := forPath(kinds, p)
		if err != nil {
			ld.diags = append(ld.diags, engine.Diagnostic{File: p, Message: err.Error()})
			ld.scopes[filepath.ToSlash(p)] = sc
			continue
		}
		var pathTargets []*engine.Target
		for _, k := range loaders {
			ts, err := k.Load(ctx, p)
			pathTargets = append(pathTargets, ts...)
			if err := ld.collect(ctx, k.Kind(), sc, p, err); err != nil {
				return nil, err
			}
		}
		sc.identify(pathTargets, false)
		inheritOwner(pathTargets)
		ld.targets = append(ld.targets, pathTargets...)
	}
	return ld, nil
}

// loadStaged loads the targets a commit touches, from git's index: each
// kind loads what the staged changes touch of it, as staged. Paths are
// reported relative to the repository root, as a commit names them.
func loadStaged(ctx context.Context, kinds []engine.KindLoader, paths []string, scopeOf func(string) scope) (*loaded, error) {
	ix, err := gitindex.Open(paths[0])
	if err != nil {
		return nil, err
	}
	changes, err := ix.Staged()
	if err != nil {
		return nil, err
	}
	s := &engine.Staged{FS: ix.FS(), GitDir: ix.Root()}
	for _, c := range changes {
		s.Changes = append(s.Changes, engine.Change{Path: c.Path, Deleted: c.Kind == gitindex.Deleted})
	}
	ld := newLoaded(func(name string) ([]byte, error) { return s.ReadFile(name, waiver.MaxSourceSize) })
	// Staged paths are relative to the repository root already.
	sc := scopeOf(ix.Root())
	for _, k := range kinds {
		ts, err := k.LoadStaged(ctx, s)
		ld.targets = append(ld.targets, ts...)
		if err := ld.collect(ctx, k.Kind(), sc, ".", err); err != nil {
			return nil, err
		}
	}
	ld.staged = true
	sc.identify(ld.targets, true)
	inheritOwner(ld.targets)
	return ld, nil
}

// inheritOwner gives every target in a repository the repository's owner
// (catalog-info or CODEOWNERS), so KPIs can be cut by team.
func inheritOwner(ts []*engine.Target) {
	owner := ""
	for _, t := range ts {
		if t.Kind == repo.Kind {
			owner = t.Owner
		}
	}
	for _, t := range ts {
		if t.Owner == "" {
			t.Owner = owner
		}
	}
}

// loadErrors turns diagnostics into one failed target and one error result
// per file, so an unreadable input blocks like a finding and shows in
// every report format.
func loadErrors(rep *engine.Report, kinds []engine.KindLoader, ld *loaded) []engine.Result {
	var files []string
	byFile := map[string]engine.Diagnostics{}
	for _, d := range ld.diags {
		f := filepath.ToSlash(d.File)
		if _, ok := byFile[f]; !ok {
			files = append(files, f)
		}
		byFile[f] = append(byFile[f], d)
	}
	var out []engine.Result
	for _, f := range files {
		ds := byFile[f]
		kind, ok := ld.kinds[f]
		if !ok {
			kind = guessKind(kinds, f)
		}
		t := &engine.Target{Kind: kind, ID: f, Path: filepath.FromSlash(f)}
		if k := referenceKind(kinds, f); k != nil {
			// A reference (an image's) names its target the same wherever
			// paved runs: no repository of the run's, the reference as given.
			t.Kind, t.Identity = k.Kind(), engine.Identity{Path: f}
		} else if sc, ok := ld.scopes[f]; ok {
			sc.identify([]*engine.Target{t}, ld.staged)
		} else {
			t.Identity.Path = f
		}
		rep.Targets = append(rep.Targets, engine.TargetSummary{TargetRef: t.Ref(), Error: ds.Error()})
		r := engine.ErrorResult(t, engine.LoadPolicy, ds)
		if f != "" {
			r.Location = &engine.Location{File: f, Line: ds[0].Line}
		}
		out = append(out, r)
	}
	return out
}

func newRunID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
