package attest

import (
	"cmp"
	"slices"
	"time"

	"github.com/paved-dev/paved/engine"
)

// PredicateType names paved's evidence predicate.
const PredicateType = "https://paved.dev/evidence/v1"

// Predicate is what a bundle attests about its run: enough to answer an
// auditor without opening the report, and the digests that tie it to the
// rest of the bundle.
type Predicate struct {
	Tool      engine.Tool    `json:"tool"`
	Run       Run            `json:"run"`
	PolicySet PolicySet      `json:"policy_set"`
	FailOn    string         `json:"fail_on"`
	Summary   engine.Summary `json:"summary"`
	Targets   int            `json:"targets"`
	// Controls are the controls the run tested (those named by the
	// policies that judged something), sorted by ID.
	Controls   []Control  `json:"controls"`
	Exceptions Exceptions `json:"exceptions"`
	// Scope is what the run's bundles chain along: the judged repository's
	// identity (host/path), or a name given for it (fleet:NAME); "" when
	// the run had none, which is a chain of its own.
	Scope string `json:"scope"`
	// PreviousBundle is the digest ("sha256:…" of its attestation.json) of
	// the previous bundle of the same scope, so a scope's bundles form a
	// chain; null at the start of a chain.
	PreviousBundle *string `json:"previous_bundle"`
}

// Run identifies the run; the report carries the same.
type Run struct {
	ID         string    `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
}

// PolicySet identifies the policies that ran.
type PolicySet struct {
	Digest  string         `json:"digest"`
	Count   int            `json:"count"`
	Sources []PolicySource `json:"sources"`
}

// PolicySource is one tree of the set: the built-in library's, a
// directory, or an OCI bundle by reference and digest.
type PolicySource struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Ref      string `json:"ref,omitempty"`
	Digest   string `json:"digest,omitempty"`
	Revision string `json:"revision,omitempty"`
}

// Counts are results by status.
type Counts struct {
	Pass   int `json:"pass"`
	Fail   int `json:"fail"`
	Warn   int `json:"warn"`
	Waived int `json:"waived"`
	Error  int `json:"error"`
}

// Add counts one result; false, counting nothing, for a status that is
// none of these.
func (c *Counts) Add(s engine.Status) bool {
	switch s {
	case engine.StatusPass:
		c.Pass++
	case engine.StatusFail:
		c.Fail++
	case engine.StatusWarn:
		c.Warn++
	case engine.StatusWaived:
		c.Waived++
	case engine.StatusError:
		c.Error++
	default:
		return false
	}
	return true
}

// Total is the number of results counted.
func (c Counts) Total() int {
	return c.Pass + c.Fail + c.Warn + c.Waived + c.Error
}

// Verdict is the worst status counted: error, fail, warn, waived, pass;
// "" when nothing was counted.
func (c Counts) Verdict() engine.Status {
	switch {
	case c.Error > 0:
		return engine.StatusError
	case c.Fail > 0:
		return engine.StatusFail
	case c.Warn > 0:
		return engine.StatusWarn
	case c.Waived > 0:
		return engine.StatusWaived
	case c.Pass > 0:
		return engine.StatusPass
	}
	return ""
}

// Control is the verdict on one control: the worst of its policies'
// results (a waived failure leaves it "waived", a failure below --fail-on
// still "fail": the gate is not the control).
type Control struct {
	ID       string        `json:"id"`
	Verdict  engine.Status `json:"verdict"`
	Policies []string      `json:"policies"`
	Assets   int           `json:"assets"`
	Results  Counts        `json:"results"`
}

// Exceptions count the waivers and VEX statements that waived findings in
// the run, and those that need attention.
type Exceptions struct {
	Waivers int `json:"waivers"` // applied: from a waivers file or an inline comment
	VEX     int `json:"vex"`     // applied: an SBOM's VEX statements
	Expired int `json:"expired"` // past their date: their findings count again
	Stale   int `json:"stale"`   // in force, matched nothing in a full run
}

// Applied reports whether a waiver waived findings in the run.
func Applied(w *engine.Waiver) bool {
	return w.Matched > 0 && w.Status != engine.WaiverExpired
}

// NewPredicate states what rep decided, with the policy set it ran.
func NewPredicate(rep *engine.Report, set PolicySet) *Predicate {
	p := &Predicate{
		Tool:      rep.Tool,
		Run:       Run{ID: rep.Run.ID, StartedAt: rep.Run.StartedAt, FinishedAt: rep.Run.FinishedAt},
		PolicySet: set,
		FailOn:    rep.FailOn,
		Summary:   rep.Summary,
		Targets:   len(rep.Targets),
		Controls:  Controls(rep),
	}
	if p.PolicySet.Sources == nil {
		p.PolicySet.Sources = []PolicySource{}
	}
	for _, w := range rep.Waivers {
		switch {
		case w.Status == engine.WaiverExpired:
			p.Exceptions.Expired++
		case w.Status == engine.WaiverStale:
			p.Exceptions.Stale++
		}
		if !Applied(w) {
			continue
		}
		if w.Origin == engine.WaiverOriginVEX {
			p.Exceptions.VEX++
		} else {
			p.Exceptions.Waivers++
		}
	}
	return p
}

// Controls works out the verdict on every control a result's policy names.
func Controls(rep *engine.Report) []Control {
	type acc struct {
		counts   Counts
		policies map[string]bool
		assets   map[string]bool
	}
	by := map[string]*acc{}
	for i := range rep.Results {
		r := &rep.Results[i]
		if r.Policy == nil {
			continue
		}
		for _, id := range r.Policy.Controls {
			a := by[id]
			if a == nil {
				a = &acc{policies: map[string]bool{}, assets: map[string]bool{}}
				by[id] = a
			}
			a.counts.Add(r.Status)
			a.policies[r.Policy.ID] = true
			if r.Target != nil {
				a.assets[AssetName(*r.Target)] = true
			}
		}
	}
	out := make([]Control, 0, len(by))
	for id, a := range by {
		pols := make([]string, 0, len(a.policies))
		for p := range a.policies {
			pols = append(pols, p)
		}
		slices.Sort(pols)
		out = append(out, Control{ID: id, Verdict: a.counts.Verdict(), Policies: pols, Assets: len(a.assets), Results: a.counts})
	}
	slices.SortFunc(out, func(a, b Control) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// AssetName names a target in subjects and answers: its kind and identity
// (repository and path), so the same asset has the same name from run to
// run and machine to machine.
func AssetName(t engine.TargetRef) string {
	name := t.Path
	if name == "" {
		name = t.ID
	}
	if t.Repo != "" {
		name = t.Repo + "//" + name
	}
	return string(t.Kind) + ":" + name
}
