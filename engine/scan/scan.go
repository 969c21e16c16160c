package scan

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/dockerfile"
	"github.com/paved-dev/paved/engine/exclude"
	"github.com/paved-dev/paved/engine/osv"
	"github.com/paved-dev/paved/engine/repo"
	"github.com/paved-dev/paved/engine/sbom"
	"github.com/paved-dev/paved/engine/secrets"
	"github.com/paved-dev/paved/engine/terraform"
	"github.com/paved-dev/paved/engine/waiver"
)

// Options configure a check.
type Options struct {
	Paths     []string
	FailOn    string // severity at or above which failures block; default high
	Data      map[string]any
	Terraform terraform.Options
	Timeout   time.Duration
	Workers   int
	Version   string // the tool version written into the report
	// Staged judges what git's index holds instead of Paths' working tree:
	// only the targets the staged changes touch (the pre-commit case).
	// Paths[0], when given, locates the repository.
	Staged bool
	// Exclude leaves paths out of directory walks (gitignore syntax,
	// relative to each scanned directory).
	Exclude []string
	// Baseline, when set, holds an earlier report's findings: those found
	// again are reported but do not block. BaselineFile names it.
	Baseline     engine.Baseline
	BaselineFile string
	// Waivers are the waivers file's entries; inline paved:ignore comments
	// in the files read are found and applied too.
	Waivers []*engine.Waiver
	// Now is the time waivers and overrides are judged at; zero means now.
	Now time.Time
	// NewSince, a git ref, gates only on what the change since the merge
	// base of the ref and HEAD introduces: findings the merge base already
	// had are reported as baseline and do not block.
	NewSince string
	// VulnDB, when set, is an offline OSV database (a directory of
	// records or osv.dev all.zip exports) whose advisories are matched
	// against every SBOM's components.
	VulnDB string
	// Loaded, when set, is called once the targets are loaded, before
	// they are judged (the CLI tunes its garbage collector there).
	Loaded func()
	// FirstSeen, when set, says when resources of a target were first seen
	// (a history store), and learns that this run saw them: an SBOM's
	// vulnerability findings are dated from it before they are judged
	// (sbom.SetFirstSeen). It is asked once per SBOM, with the findings'
	// addresses.
	FirstSeen func(ctx context.Context, kind, id string, resources []string) (map[string]time.Time, error)
	// Judged, when set, is called once the targets are judged, before
	// waivers and reports (the CLI collects what judging left behind).
	Judged func()
	// Partial says the run judges only part of what the waivers cover (a
	// subdirectory, --exclude): a waiver that matched nothing is then not
	// called stale. --staged runs are partial by nature.
	Partial bool
}

// LoadError is returned with a report when some input could not be loaded:
// the report then holds an error result per problem, and the run fails.
type LoadError struct{ Diagnostics engine.Diagnostics }

func (e *LoadError) Error() string { return e.Diagnostics.Error() }

// Run checks every path and returns the report. Input problems are
// collected into error results and also returned as a *LoadError, so the
// caller can print them and exit 2 while still writing the report.
func Run(ctx context.Context, ps *engine.PolicySet, opts Options) (*engine.Report, error) {
	start := time.Now().UTC()
	if opts.FailOn == "" {
		opts.FailOn = engine.SeverityHigh
	}
	if engine.SeverityRank(opts.FailOn) == 0 {
		return nil, fmt.Errorf("fail-on %q is not one of critical, high, medium, low", opts.FailOn)
	}
	load := loadPaths
	if opts.Staged {
		if opts.NewSince != "" {
			return nil, errors.New("--new-since and --staged do not go together: --staged already judges only the commit's changes")
		}
		load = loadStaged
	}
	if len(opts.Paths) == 0 {
		opts.Paths = []string{"."}
	}
	ls, err := newLoaders(ctx, opts)
	if err != nil {
		return nil, err
	}
	var base *mergeBase
	if opts.NewSince != "" {
		if base, err = loadMergeBase(ctx, ls, opts); err != nil {
			return nil, err
		}
		defer base.close()
	}
	targets, diags, read, err := load(ctx, ls, opts)
	if err == nil {
		err = ls.vulns.Err()
	}
	if err != nil {
		return nil, err
	}
	slog.Debug("targets loaded", "targets", len(targets), "elapsed", time.Since(start))
	if opts.FirstSeen != nil {
		for _, t := range targets {
			if t.Kind != "sbom" {
				continue
			}
			seen, err := opts.FirstSeen(ctx, t.Kind, t.ID, sbom.FindingAddresses(t))
			if err != nil {
				return nil, err
			}
			sbom.SetFirstSeen(t, seen, start)
		}
	}
	if opts.Loaded != nil {
		opts.Loaded()
	}
	all := targets
	if base != nil {
		all = append(append([]*engine.Target(nil), targets...), base.targets...)
	}
	ev, err := engine.NewEvaluator(ctx, ps, engine.EvalOptions{
		Data: opts.Data, Timeout: opts.Timeout, Workers: opts.Workers, Only: engine.Applicable(all),
		ReleaseInput: true, // each target is judged once
	})
	if err != nil {
		return nil, err
	}
	slog.Debug("targets loaded and policies compiled", "targets", len(targets), "elapsed", time.Since(start))
	results := ev.Evaluate(ctx, targets)
	slog.Debug("targets evaluated", "results", len(results), "elapsed", time.Since(start))
	if opts.Judged != nil {
		opts.Judged()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep := &engine.Report{
		Schema:    engine.ReportSchema,
		Tool:      engine.Tool{Name: "paved", Version: opts.Version},
		PolicySet: engine.PolicySetInfo{Digest: ps.Digest, Count: len(ps.Policies)},
		FailOn:    opts.FailOn,
		Policies:  ps.Policies,
	}
	for _, t := range targets {
		rep.Targets = append(rep.Targets, engine.TargetSummary{Kind: t.Kind, ID: t.ID, Digest: t.Digest, Owner: t.Owner, Resources: len(t.Resources)})
	}
	results = append(results, loadErrors(rep, diags)...)
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	ws := waiver.NewSet(opts.Waivers)
	if err := ws.ScanSources(targets, results, read); err != nil {
		return nil, err
	}
	// A partial run sees too little to call a waiver stale.
	rep.Waivers = ws.Apply(results, targets, now, !opts.Staged && !opts.Partial)
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
	if len(diags) > 0 {
		return rep, &LoadError{Diagnostics: diags}
	}
	return rep, nil
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

// loadPaths loads the targets under every path.
func loadPaths(ctx context.Context, ls loaders, opts Options) ([]*engine.Target, engine.Diagnostics, func(string) ([]byte, error), error) {
	var targets []*engine.Target
	var diags engine.Diagnostics
	for _, p := range opts.Paths {
		loaders, err := ls.forPath(p)
		if err != nil {
			diags = append(diags, engine.Diagnostic{File: p, Message: err.Error()})
			continue
		}
		var pathTargets []*engine.Target
		for _, loader := range loaders {
			ts, err := loader.Load(ctx, p)
			pathTargets = append(pathTargets, ts...)
			ds, err := diagnostics(ctx, p, err)
			if err != nil {
				return nil, nil, nil, err
			}
			diags = append(diags, ds...)
		}
		inheritOwner(pathTargets)
		targets = append(targets, pathTargets...)
	}
	return targets, diags, readFile, nil
}

// inheritOwner gives every target in a repository the repository's owner
// (catalog-info or CODEOWNERS), so KPIs can be cut by team.
func inheritOwner(ts []*engine.Target) {
	owner := ""
	for _, t := range ts {
		if t.Kind == "repo" {
			owner = t.Owner
		}
	}
	for _, t := range ts {
		if t.Owner == "" {
			t.Owner = owner
		}
	}
}

// diagnostics sorts a loader's error into input problems (reported, the
// run goes on) and cancellation (the run stops).
func diagnostics(ctx context.Context, path string, err error) (engine.Diagnostics, error) {
	if err == nil {
		return nil, nil
	}
	var ds engine.Diagnostics
	switch {
	case errors.As(err, &ds):
		return ds, nil
	case ctx.Err() != nil:
		return nil, ctx.Err()
	}
	return engine.Diagnostics{{File: path, Message: err.Error()}}, nil
}

// loadErrors turns diagnostics into one failed target and one error result
// per file, so an unreadable input blocks like a finding and shows in
// every report format.
func loadErrors(rep *engine.Report, diags engine.Diagnostics) []engine.Result {
	var files []string
	byFile := map[string]engine.Diagnostics{}
	for _, d := range diags {
		f := filepath.ToSlash(d.File)
		if _, ok := byFile[f]; !ok {
			files = append(files, f)
		}
		byFile[f] = append(byFile[f], d)
	}
	var out []engine.Result
	for _, f := range files {
		ds := byFile[f]
		t := &engine.Target{Kind: kindOf(f), ID: f}
		rep.Targets = append(rep.Targets, engine.TargetSummary{Kind: t.Kind, ID: t.ID, Error: ds.Error()})
		r := engine.ErrorResult(t, engine.LoadPolicy, ds)
		if f != "" {
			r.Location = &engine.Location{File: f, Line: ds[0].Line}
		}
		out = append(out, r)
	}
	return out
}

// loaders are the loaders of one run, configured once.
type loaders struct {
	terraform  *terraform.Loader
	dockerfile *dockerfile.Loader
	sbom       *sbom.Loader
	repo       func() (*repo.Loader, error) // built on first use
	vulns      *vulnDB                      // nil without --vuln-db
}

func newLoaders(ctx context.Context, opts Options) (loaders, error) {
	ex := exclude.New(opts.Exclude)
	tfOpts := opts.Terraform
	tfOpts.Exclude = ex
	sbomOpts := sbom.Options{Exclude: ex}
	var vulns *vulnDB
	var err error
	if opts.VulnDB != "" {
		if vulns, err = newVulnDB(ctx, opts.VulnDB, osv.Options{Workers: opts.Workers}); err != nil {
			return loaders{}, err
		}
		sbomOpts.Advisories = vulns
	}
	return loaders{
		vulns:      vulns,
		terraform:  terraform.New(tfOpts),
		dockerfile: dockerfile.New(dockerfile.Options{Exclude: ex}),
		sbom:       sbom.New(sbomOpts),
		// Only repositories need the secret rules; building them costs a
		// few milliseconds a one-file check should not pay.
		repo: sync.OnceValues(func() (*repo.Loader, error) {
			sc, err := secrets.New()
			if err != nil {
				return nil, err
			}
			return repo.New(repo.Options{Secrets: sc, Exclude: ex}), nil
		}),
	}, nil
}

// forPath picks the loaders for a path: every kind found in a directory,
// a file's own kind by name or, for JSON, by content.
func (ls loaders) forPath(path string) ([]engine.Loader, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		ds := []engine.Loader{ls.terraform, ls.dockerfile, ls.sbom}
		// A repository root is also judged as a repository.
		if _, err := os.Lstat(filepath.Join(path, ".git")); err == nil {
			rl, err := ls.repo()
			if err != nil {
				return nil, err
			}
			ds = append(ds, rl)
		}
		return ds, nil
	}
	name := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tf.json"):
		return []engine.Loader{ls.terraform}, nil
	case dockerfile.IsDockerfile(name):
		return []engine.Loader{ls.dockerfile}, nil
	case strings.HasSuffix(name, ".json"), strings.HasSuffix(name, ".xml"):
		const head = 64 << 10
		b, err := readHead(path, head)
		if err != nil {
			return nil, err
		}
		switch {
		case terraform.IsPlan(b):
			return []engine.Loader{ls.terraform}, nil
		case sbom.IsSBOMContent(b), len(b) == head && !bytes.HasPrefix(b, []byte("<")):
			// A big JSON document may name its format after the head (an
			// SBOM with sorted keys): the SBOM loader reads it whole and
			// says what it is not.
			return []engine.Loader{ls.sbom}, nil
		}
		return nil, errors.New("unrecognised document: not a Terraform plan (terraform show -json) nor a CycloneDX or SPDX JSON SBOM")
	}
	return nil, errors.New("unsupported input: want a directory, a .tf/.tf.json file, a Dockerfile, a CycloneDX or SPDX SBOM or a Terraform plan JSON")
}

// kindOf guesses the kind of an input that could not be loaded, for its
// error result.
func kindOf(file string) string {
	if dockerfile.IsDockerfile(path.Base(file)) {
		return "dockerfile"
	}
	if sbom.IsSBOMName(path.Base(file)) {
		return "sbom"
	}
	return "terraform"
}

func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	m, err := io.ReadFull(f, buf)
	if m == 0 && err != nil {
		return nil, err
	}
	return buf[:m], nil
}

func newRunID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
