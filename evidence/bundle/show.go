package bundle

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/attest"
)

// NotTested is the verdict on a control no result of the run judged.
const NotTested = "not_tested"

// ControlAnswer is what a bundle says about one control: which policies
// test it and in which version, which assets they judged and with what
// verdict, and the waivers that set findings aside.
type ControlAnswer struct {
	Control string `json:"control"`
	// Verdict is the worst of the policies' results (attest.Counts.Verdict),
	// or not_tested.
	Verdict           string          `json:"verdict"`
	Results           attest.Counts   `json:"results"`
	Run               attest.Run      `json:"run"`
	Tool              engine.Tool     `json:"tool"`
	PolicySetDigest   string          `json:"policy_set_digest"`
	SignatureVerified bool            `json:"signature_verified"`
	Key               string          `json:"key,omitempty"`
	Policies          []ControlPolicy `json:"policies"`
	Assets            []ControlAsset  `json:"assets"`
	Waivers           []WaiverDoc     `json:"waivers"`
}

// ControlPolicy is one policy naming the control, the version that ran,
// and its results.
type ControlPolicy struct {
	PolicyDoc
	Verdict string        `json:"verdict"`
	Results attest.Counts `json:"results"`
}

// ControlAsset is one target the control's policies judged.
type ControlAsset struct {
	Name    string        `json:"name"`
	Kind    engine.Kind   `json:"kind"`
	Repo    string        `json:"repo,omitempty"`
	Path    string        `json:"path"`
	Digest  string        `json:"digest,omitempty"`
	Verdict string        `json:"verdict"`
	Results attest.Counts `json:"results"`
	// Findings are the results other than passes.
	Findings []Finding `json:"findings"`
}

// Finding is one result other than a pass.
type Finding struct {
	Policy   string           `json:"policy"`
	Status   engine.Status    `json:"status"`
	Resource string           `json:"resource"`
	Message  string           `json:"message,omitempty"`
	Location *engine.Location `json:"location,omitempty"`
	WaiverID string           `json:"waiver_id,omitempty"`
}

// UnknownControlError says no policy of the bundle's set names a control.
type UnknownControlError struct {
	Control string
	Known   []string
}

func (e *UnknownControlError) Error() string {
	return fmt.Sprintf("no policy in this bundle's set names control %q (it names %d controls, e.g. %s)", e.Control, len(e.Known), strings.Join(e.Known[:min(len(e.Known), 5)], ", "))
}

// Show verifies the bundle (as Verify) and answers for one control. A
// control is matched exactly, else ignoring case.
func Show(ctx context.Context, path, control string, opts VerifyOptions) (*ControlAnswer, error) {
	v, c, err := verify(ctx, path, opts, map[string]int64{ReportFile: maxReport, PolicySetFile: maxPolicySet})
	if err != nil {
		return nil, err
	}
	var rep engine.Report
	if err := json.Unmarshal(c.docs[ReportFile], &rep); err != nil {
		return nil, &VerifyError{Path: path, Problems: []Problem{{File: ReportFile, Reason: err.Error()}}}
	}
	var ps PolicySetDoc
	if err := json.Unmarshal(c.docs[PolicySetFile], &ps); err != nil {
		return nil, &VerifyError{Path: path, Problems: []Problem{{File: PolicySetFile, Reason: err.Error()}}}
	}
	id, err := matchControl(ps.Policies, control)
	if err != nil {
		return nil, err
	}
	a := &ControlAnswer{Control: id, Run: v.Attests.Run, Tool: v.Attests.Tool, PolicySetDigest: v.Attests.PolicySet.Digest,
		SignatureVerified: v.SignatureVerified, Key: v.Key, Policies: []ControlPolicy{}, Assets: []ControlAsset{}, Waivers: []WaiverDoc{}}
	byPolicy := map[string]*ControlPolicy{}
	for _, p := range ps.Policies {
		if slices.Contains(p.Controls, id) {
			a.Policies = append(a.Policies, ControlPolicy{PolicyDoc: p})
		}
	}
	for i := range a.Policies {
		byPolicy[a.Policies[i].ID] = &a.Policies[i]
	}
	byAsset := map[string]*ControlAsset{}
	waived := map[string]bool{}
	for i := range rep.Results {
		r := &rep.Results[i]
		if r.Policy == nil || r.Target == nil {
			continue
		}
		p := byPolicy[r.Policy.ID]
		if p == nil {
			continue
		}
		p.Results.Add(r.Status)
		a.Results.Add(r.Status)
		name := attest.AssetName(*r.Target)
		as := byAsset[name]
		if as == nil {
			as = &ControlAsset{Name: name, Kind: r.Target.Kind, Repo: r.Target.Repo, Path: r.Target.Path, Digest: r.Target.Digest, Findings: []Finding{}}
			byAsset[name] = as
		}
		as.Results.Add(r.Status)
		if r.Status != engine.StatusPass {
			as.Findings = append(as.Findings, Finding{Policy: r.Policy.ID, Status: r.Status, Resource: r.Resource, Message: r.Message, Location: r.Location, WaiverID: r.WaiverID})
		}
		if r.WaiverID != "" {
			waived[r.WaiverID] = true
		}
	}
	for i := range a.Policies {
		a.Policies[i].Verdict = verdict(a.Policies[i].Results)
	}
	for _, name := range sortedKeys(byAsset) {
		as := byAsset[name]
		as.Verdict = verdict(as.Results)
		slices.SortStableFunc(as.Findings, func(x, y Finding) int {
			return cmp.Or(cmp.Compare(x.Policy, y.Policy), cmp.Compare(x.Resource, y.Resource))
		})
		a.Assets = append(a.Assets, *as)
	}
	for _, w := range append(slices.Clone(v.Waivers.Waivers), v.Waivers.VEX...) {
		if waived[w.ID] {
			a.Waivers = append(a.Waivers, w)
		}
	}
	a.Verdict = verdict(a.Results)
	return a, nil
}

func verdict(c attest.Counts) string {
	if v := c.Verdict(); v != "" {
		return string(v)
	}
	return NotTested
}

// matchControl finds the control as the set's policies spell it.
func matchControl(pols []PolicyDoc, control string) (string, error) {
	known := map[string]bool{}
	for _, p := range pols {
		for _, c := range p.Controls {
			known[c] = true
		}
	}
	if known[control] {
		return control, nil
	}
	for _, c := range sortedKeys(known) {
		if strings.EqualFold(c, control) {
			return c, nil
		}
	}
	return "", &UnknownControlError{Control: control, Known: sortedKeys(known)}
}
