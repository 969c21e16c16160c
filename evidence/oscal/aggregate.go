package oscal

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/attest"
)

// maxSamples bounds the non-passing results an observation lists; the
// rest are counted, and report.json holds them all.
const maxSamples = 20

// sampleRank orders non-passing results: what needs attention first.
func sampleRank(s engine.Status) int {
	switch s {
	case engine.StatusError:
		return 0
	case engine.StatusFail:
		return 1
	case engine.StatusWarn:
		return 2
	}
	return 3
}

// targetKey names a target as fingerprints do: its kind and identity.
type targetKey struct {
	kind       engine.Kind
	repo, path string
}

func (k targetKey) String() string {
	return engine.Identity{Repo: k.repo, Path: k.path}.String()
}

func compareTargets(a, b targetKey) int {
	return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.repo, b.repo), cmp.Compare(a.path, b.path))
}

type obsKey struct {
	policy string
	target targetKey
}

// sample is one non-passing result an observation lists.
type sample struct {
	status      engine.Status
	resource    string
	fingerprint string
	file        string
	line        int
	message     string
}

func compareSamples(a, b sample) int {
	return cmp.Or(cmp.Compare(sampleRank(a.status), sampleRank(b.status)),
		cmp.Compare(a.resource, b.resource), cmp.Compare(a.fingerprint, b.fingerprint),
		cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line), cmp.Compare(a.message, b.message))
}

// agg is every result of one policy on one target, reduced to counts, the
// first maxSamples non-passing results in sample order, and the waivers
// that applied: what one observation says.
type agg struct {
	key      obsKey
	policy   *engine.PolicyRef
	counts   attest.Counts
	samples  []sample
	waivers  map[string]struct{}
	controls []Control // set when the observations are ordered
	uuid     string
}

// add counts r, whose status is known.
func (a *agg) add(r *engine.Result) {
	a.counts.Add(r.Status)
	if r.WaiverID != "" {
		if a.waivers == nil {
			a.waivers = map[string]struct{}{}
		}
		a.waivers[r.WaiverID] = struct{}{}
	}
	if r.Status == engine.StatusPass {
		return
	}
	s := sample{status: r.Status, resource: r.Resource, fingerprint: r.Fingerprint, message: r.Message}
	s.file, s.line = r.FileLine()
	if len(a.samples) == maxSamples && compareSamples(s, a.samples[maxSamples-1]) >= 0 {
		return
	}
	i, _ := slices.BinarySearchFunc(a.samples, s, compareSamples)
	if len(a.samples) == maxSamples {
		a.samples = a.samples[:maxSamples-1]
	}
	a.samples = slices.Insert(a.samples, i, s)
}

// verdict is the observation's status: the worst of its results', as
// the attestation's controls and the history store rank them
// (attest.Counts.Verdict). An observation has at least one result.
func (a *agg) verdict() engine.Status {
	return a.counts.Verdict()
}

func (a *agg) waiverIDs() []string {
	ids := make([]string, 0, len(a.waivers))
	for id := range a.waivers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// asset is one target, the subject of its observations.
type asset struct {
	key       targetKey
	ids       []string // as the user named it (display ids), distinct
	digests   []string // distinct
	owner     string
	resources int
	errors    []string
	uuid      string
}

// tally is a report reduced for OSCAL: bounded by the number of (policy,
// target) pairs and targets, never by the number of results.
type tally struct {
	obs      map[obsKey]*agg
	assets   map[targetKey]*asset
	counts   attest.Counts
	blocking int
}

func (t *tally) asset(ref *engine.TargetRef) *asset {
	k := targetKey{ref.Kind, ref.Repo, ref.Path}
	a := t.assets[k]
	if a == nil {
		a = &asset{key: k}
		t.assets[k] = a
	}
	if ref.ID != "" && !slices.Contains(a.ids, ref.ID) {
		a.ids = append(a.ids, ref.ID)
	}
	if ref.Digest != "" && !slices.Contains(a.digests, ref.Digest) {
		a.digests = append(a.digests, ref.Digest)
	}
	if a.owner == "" || ref.Owner != "" && ref.Owner < a.owner {
		a.owner = ref.Owner
	}
	return a
}

// aggregate reduces a report's results by (policy, target). Results of one
// policy on one target share their PolicyRef and TargetRef, so a run of
// them is counted without a map look-up; a report decoded from JSON, whose
// results do not share them, is reduced all the same.
func aggregate(rep *engine.Report) (*tally, error) {
	t := &tally{obs: map[obsKey]*agg{}, assets: map[targetKey]*asset{}}
	for i := range rep.Targets {
		ts := &rep.Targets[i]
		a := t.asset(&ts.TargetRef)
		a.resources += ts.Resources
		if ts.Error != "" && !slices.Contains(a.errors, ts.Error) {
			a.errors = append(a.errors, ts.Error)
		}
	}
	var (
		lastPolicy *engine.PolicyRef
		lastTarget *engine.TargetRef
		last       *agg
	)
	for i := range rep.Results {
		r := &rep.Results[i]
		if r.Policy == nil || r.Target == nil || r.Policy.ID == "" {
			return nil, fmt.Errorf("result %d has no policy or no target", i)
		}
		if !t.counts.Add(r.Status) {
			return nil, fmt.Errorf("result %d (%s on %s) has unknown status %q", i, r.Policy.ID, r.Target.ID, r.Status)
		}
		if r.Policy != lastPolicy || r.Target != lastTarget {
			k := obsKey{r.Policy.ID, targetKey{r.Target.Kind, r.Target.Repo, r.Target.Path}}
			last = t.obs[k]
			if last == nil {
				last = &agg{key: k, policy: r.Policy}
				t.obs[k] = last
			}
			t.asset(r.Target)
			lastPolicy, lastTarget = r.Policy, r.Target
		}
		last.add(r)
		if r.Blocking(rep.FailOn) {
			t.blocking++
		}
	}
	return t, nil
}
