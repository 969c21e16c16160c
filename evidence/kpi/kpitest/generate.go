// Package kpitest writes synthetic histories into a store, through
// store.Record as paved check would: a fleet of assets judged by a policy
// set once a day, whose findings open, get waived and get fixed at
// realistic rates. The KPI benchmarks, scripts/gen-history and demos use
// it; the figures of a generated history are not known by hand (the
// tests of evidence/kpi build their own histories for that).
package kpitest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/store"
)

// Version changes whenever Generate writes a different history for the
// same Params: caches of generated stores are keyed by it.
const Version = 2

// Params shape a history.
type Params struct {
	Assets   int       // targets in the fleet
	Policies int       // policies in the set; every one judges every asset
	Days     int       // daily runs
	End      time.Time // the last run's start; the first is Days−1 days before
	Seed     uint64
}

// Default is the history of issue 17's speed budget: 1,000 assets × 50
// policies × 90 daily runs.
func Default(end time.Time) Params {
	return Params{Assets: 1000, Policies: 50, Days: 90, End: end, Seed: 17}
}

var teams = []string{"payments", "search", "checkout", "identity", "data", "platform", "mobile", "growth"}

// The chance a day that a passing (asset, policy) starts failing, and
// that a failing one is fixed, by severity (mean times to fix of 8, 20,
// 40 and 80 days); the chance a new failure is waived, and for how long.
const (
	pBreak       = 0.003
	pInitialFail = 0.08
	pWaive       = 0.1
	pError       = 0.0003
)

var pFix = map[string]float64{"critical": 0.12, "high": 0.05, "medium": 0.025, "low": 0.0125}

// asset is one target of the fleet and its life.
type asset struct {
	ref        *engine.TargetRef
	arrive     int // first day judged
	leave      int // last day judged
	resource   string
	waiverTeam string
}

type policy struct {
	p     *engine.Policy
	ref   *engine.PolicyRef
	first int // first day in the set
	last  int // last day in the set
}

// pair is the state of one asset on one policy.
type pair struct {
	failing     bool
	waivedUntil int // last day a waiver covers the failure; -1 none
	waiver      *engine.Waiver
}

// Generate records p.Days daily runs into st. Every policy judges every
// asset (the verdict table's worst case), one resource each. The fleet:
// kinds 40% terraform, 30% repo, 20% image, 10% SBOM; three assets to a
// repository; eight teams and 5% of assets with no known owner; 10% of
// assets arrive during the history and 3% stop being judged (they go
// stale). Policies: severities 10% critical, 30% high, 30% medium, 30%
// low; every fifth warn-only; a third tagged baseline, a tenth
// golden-path; the last is added half way, the one before it dropped
// three quarters of the way. A passing pair breaks with chance 0.003 a
// day, a failing one is fixed at its severity's rate (pFix), a new
// failure is waived one time in ten for 14 to 60 days, and an evaluation
// errs three times in 10,000. progress, when not nil, is called after
// each run.
func Generate(ctx context.Context, st *store.Store, p Params, progress func(day int)) error {
	if p.Assets <= 0 || p.Policies <= 0 || p.Days <= 0 {
		return fmt.Errorf("generate: want positive assets, policies and days, not %d, %d, %d", p.Assets, p.Policies, p.Days)
	}
	rng := rand.New(rand.NewPCG(p.Seed, uint64(Version)))
	start := p.End.UTC().Add(-time.Duration(p.Days-1) * 24 * time.Hour)

	assets := make([]asset, p.Assets)
	for i := range assets {
		repo := fmt.Sprintf("github.com/acme/svc-%03d", i/3)
		owner := teams[(i/3*7)%len(teams)]
		switch {
		case rng.Float64() < 0.05:
			owner = ""
		case rng.Float64() < 0.1:
			owner = teams[rng.IntN(len(teams))]
		}
		var kind engine.Kind
		var path, resource string
		switch i % 10 {
		case 0, 1, 2, 3:
			kind, path, resource = "terraform", fmt.Sprintf("infra/mod-%d", i), fmt.Sprintf("aws_s3_bucket.b%d", i)
		case 4, 5, 6:
			kind, path, resource = "repo", fmt.Sprintf("apps/app-%d", i), fmt.Sprintf("apps/app-%d/Dockerfile", i)
		case 7, 8:
			kind, path, resource = "image", "linux/amd64", fmt.Sprintf("sha256:%064x", i)
		default:
			kind, path, resource = "sbom", fmt.Sprintf("pkg:golang/acme/svc-%d", i), fmt.Sprintf("pkg:golang/acme/lib-%d@v1.%d.0", i, i%9)
		}
		if kind == "image" {
			repo = fmt.Sprintf("registry.acme.example/svc-%04d", i)
		}
		a := asset{ref: &engine.TargetRef{Kind: kind, ID: path, Repo: repo, Path: path, Owner: owner}, arrive: 0, leave: p.Days - 1, resource: resource, waiverTeam: owner}
		if rng.Float64() < 0.1 {
			a.arrive = rng.IntN(p.Days)
		}
		if rng.Float64() < 0.03 {
			a.leave = a.arrive + rng.IntN(p.Days-a.arrive)
		}
		assets[i] = a
	}

	policies := make([]policy, p.Policies)
	kinds := []engine.Kind{"terraform", "repo", "image", "sbom"}
	for j := range policies {
		sev := []string{"critical", "high", "high", "high", "medium", "medium", "medium", "low", "low", "low"}[j%10]
		enf := "deny"
		if j%5 == 4 {
			enf = "warn"
		}
		var tags []string
		if j%3 == 0 {
			tags = append(tags, "baseline")
		}
		if j%10 == 9 {
			tags = append(tags, "golden-path")
		}
		pol := &engine.Policy{ID: fmt.Sprintf("GEN-%03d", j), Title: fmt.Sprintf("Generated policy %d", j), Severity: sev,
			Kind: kinds[j%len(kinds)], Enforcement: enf, Tags: tags, Controls: []string{}, Related: []string{}}
		ref := pol.Ref()
		policies[j] = policy{p: pol, ref: &ref, first: 0, last: p.Days - 1}
	}
	if n := len(policies); n >= 2 {
		policies[n-1].first = p.Days / 2
		policies[n-2].last = p.Days * 3 / 4
	}

	pairs := make([][]pair, len(assets))
	for i := range pairs {
		pairs[i] = make([]pair, len(policies))
		for j := range pairs[i] {
			pairs[i][j] = pair{failing: rng.Float64() < pInitialFail, waivedUntil: -1}
		}
	}

	for day := range p.Days {
		if err := ctx.Err(); err != nil {
			return err
		}
		now := start.Add(time.Duration(day) * 24 * time.Hour)
		rep := &engine.Report{
			Schema:    "paved.report/v1",
			Tool:      engine.Tool{Name: "paved", Version: "gen-history"},
			Run:       engine.Run{ID: fmt.Sprintf("gen-%04d", day), StartedAt: now, FinishedAt: now.Add(10 * time.Minute), DurationMS: 600000},
			FailOn:    "high",
			Targets:   []engine.TargetSummary{},
			Results:   make([]engine.Result, 0, len(assets)*len(policies)),
			Policies:  []*engine.Policy{},
			Waivers:   []*engine.Waiver{},
			PolicySet: engine.PolicySetInfo{},
		}
		var ids []string
		for _, pol := range policies {
			if day >= pol.first && day <= pol.last {
				rep.Policies = append(rep.Policies, pol.p)
				ids = append(ids, pol.p.ID)
			}
		}
		sum := sha256.Sum256([]byte(strings.Join(ids, "\n")))
		rep.PolicySet = engine.PolicySetInfo{Digest: "sha256:" + hex.EncodeToString(sum[:]), Count: len(ids)}
		waivers := map[*engine.Waiver]bool{}
		for i := range assets {
			a := &assets[i]
			if day < a.arrive || day > a.leave {
				continue
			}
			rep.Targets = append(rep.Targets, engine.TargetSummary{TargetRef: *a.ref, Resources: 1})
			for j := range policies {
				pol := &policies[j]
				if day < pol.first || day > pol.last {
					continue
				}
				s := &pairs[i][j]
				if day > 0 {
					switch {
					case s.failing && rng.Float64() < pFix[pol.p.Severity]:
						s.failing, s.waivedUntil, s.waiver = false, -1, nil
					case !s.failing && rng.Float64() < pBreak:
						s.failing = true
						if rng.Float64() < pWaive {
							s.waivedUntil = day + 14 + rng.IntN(47)
							s.waiver = &engine.Waiver{ID: fmt.Sprintf("W-%d-%d-%d", i, j, day), Policy: pol.p.ID, Target: a.ref.Path,
								Reason: "accepted for now", Owner: a.waiverTeam + "-lead",
								Expires: start.Add(time.Duration(s.waivedUntil) * 24 * time.Hour).Format(time.DateOnly), Status: "active"}
						}
					}
				}
				r := engine.Result{Status: engine.StatusPass, Policy: pol.ref, Target: a.ref, Resource: a.resource,
					Fingerprint: engine.Fingerprint(pol.p.ID, a.ref.Identity(), a.resource)}
				switch {
				case rng.Float64() < pError:
					r.Status, r.Message = engine.StatusError, "evaluation timed out"
				case s.failing && s.waiver != nil && day <= s.waivedUntil:
					r.Status, r.WaiverID = engine.StatusWaived, s.waiver.ID
					if !waivers[s.waiver] {
						waivers[s.waiver] = true
						rep.Waivers = append(rep.Waivers, s.waiver)
					}
				case s.failing && pol.p.Enforcement == "warn":
					r.Status, r.Message = engine.StatusWarn, "violation"
				case s.failing:
					r.Status, r.Message = engine.StatusFail, "violation"
				}
				rep.Results = append(rep.Results, r)
			}
		}
		rep.Summary = engine.Summarize(rep.Results, rep.FailOn)
		if err := st.Record(ctx, rep); err != nil {
			return fmt.Errorf("generate: day %d: %w", day, err)
		}
		if progress != nil {
			progress(day)
		}
	}
	return nil
}
