package oscal

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/attest"
)

// Input is what a report does not say, or what a caller overrides.
type Input struct {
	// PolicySetDigest is the sha256:… of the policy set that ran; "" is the
	// report's (Report.PolicySet.Digest), and a different one is an error.
	PolicySetDigest string
	// ReportDigest is the sha256:… of report.json as the bundle holds it
	// beside this document; "" leaves the hash out.
	ReportDigest string
	// AttestationDigest is the sha256:… of attestation.json, for a
	// document written outside the bundle it describes. Inside the bundle
	// leave it empty: the attestation covers this document (through the
	// manifest), so the document cannot name the attestation's digest.
	AttestationDigest string
	// PolicyDigests maps a policy's file (Policy.File) to the sha256:… of
	// its source, the per-file hashes Report.PolicySet.Digest is made of:
	// the version of each policy that judged. Optional.
	PolicyDigests map[string]string
	// Policies are the set's policies, with their controls and files; nil
	// is the report's.
	Policies []*engine.Policy
	// Waivers are the exceptions the run applied, with owner, approver,
	// expiry and reason; nil is the report's.
	Waivers []*engine.Waiver
	// Tool and Version name the program; "" is the report's.
	Tool, Version string
	// Start and End bound the run; zero is the report's.
	Start, End time.Time
}

// Where the bundle keeps the files this document points at, relative to
// oscal/assessment-results.json.
const (
	reportHref      = "../report.json"
	attestationHref = "../attestation.json"
)

// Roles of the parties a waiver names.
const (
	roleOwner    = "waiver-owner"
	roleApprover = "waiver-approver"
)

// run is one document being written: the resolved input, the tally, and
// the identifiers every part shares.
type run struct {
	rep       *engine.Report
	in        Input
	tally     *tally
	ns, runNS uuid.UUID
	collected string
	start     string
	end       string

	policies     map[string]*engine.Policy
	kindControls map[engine.Kind][]Control
	obs          []*agg
	assets       []*asset
	findings     []*findingAgg
	risks        []risk
	frameworks   []string // catalogs referenced, by name
	parties      []party
	roles        []role

	toolUUID, platformUUID             string
	policySetUUID, reportUUID, attUUID string
	riskUUIDs                          map[string][]string // waiver id → risk uuids
	activityUUIDs                      map[string]string   // policy id → its activity
	activityOf                         map[string]*agg     // policy id → its first observation
	activityOrder                      []string            // policy ids that judged, sorted
	catalogUUIDs                       map[string]string   // framework → its catalog's resource
}

// findingAgg is one control and the observations that test it.
type findingAgg struct {
	control  Control
	refs     []string // spellings of the control, distinct
	policies []string
	obs      []*agg
	assets   map[targetKey]struct{}
	verdicts attest.Counts // of its observations
	risks    []string
}

func newRun(rep *engine.Report, in Input) (*run, error) {
	if rep == nil {
		return nil, errors.New("no report")
	}
	if rep.Run.ID == "" {
		return nil, errors.New("the report has no run id: the document's identifiers derive from it")
	}
	if in.PolicySetDigest == "" {
		in.PolicySetDigest = rep.PolicySet.Digest
	} else if rep.PolicySet.Digest != "" && in.PolicySetDigest != rep.PolicySet.Digest {
		return nil, fmt.Errorf("policy set digest %s is not the report's %s", in.PolicySetDigest, rep.PolicySet.Digest)
	}
	for _, d := range []struct{ name, digest string }{
		{"policy set", in.PolicySetDigest}, {"report", in.ReportDigest}, {"attestation", in.AttestationDigest},
	} {
		if d.digest != "" && !isDigest(d.digest) {
			return nil, fmt.Errorf("%s digest %q is not sha256:<64 hex digits>", d.name, d.digest)
		}
	}
	if in.PolicySetDigest == "" {
		return nil, errors.New("no policy set digest: neither the input nor the report has one")
	}
	files := slices.Sorted(maps.Keys(in.PolicyDigests))
	for _, file := range files {
		if d := in.PolicyDigests[file]; !isDigest(d) {
			return nil, fmt.Errorf("digest %q of policy file %s is not sha256:<64 hex digits>", d, file)
		}
	}
	if in.Policies == nil {
		in.Policies = rep.Policies
	}
	if in.Waivers == nil {
		in.Waivers = rep.Waivers
	}
	if in.Tool == "" {
		in.Tool = cmp.Or(rep.Tool.Name, "paved")
	}
	if in.Version == "" {
		in.Version = cmp.Or(rep.Tool.Version, "unknown")
	}
	if in.Start.IsZero() {
		in.Start = rep.Run.StartedAt
	}
	if in.End.IsZero() {
		in.End = rep.Run.FinishedAt
	}
	if in.Start.IsZero() {
		return nil, errors.New("no start time: neither the input nor the report's run has one")
	}
	if in.End.IsZero() || in.End.Before(in.Start) {
		in.End = in.Start
	}
	r := &run{rep: rep, in: in}
	var err error
	if r.start, err = timestamp(in.Start); err != nil {
		return nil, err
	}
	if r.end, err = timestamp(in.End); err != nil {
		return nil, err
	}
	r.collected = r.end
	r.ns = uuid.NewSHA1(uuid.NameSpaceURL, []byte(Namespace))
	r.runNS = uuid.NewSHA1(r.ns, []byte("run\x00"+rep.Run.ID))
	if r.tally, err = aggregate(rep); err != nil {
		return nil, err
	}
	r.identify()
	r.order()
	r.collectFindings()
	r.collectRisks()
	return r, nil
}

// stable is the UUID of something that outlives a run.
func (r *run) stable(kind string, parts ...string) string {
	return uuid.NewSHA1(r.ns, []byte(kind+"\x00"+strings.Join(parts, "\x00"))).String()
}

// perRun is the UUID of something of this run.
func (r *run) perRun(kind string, parts ...string) string {
	return uuid.NewSHA1(r.runNS, []byte(kind+"\x00"+strings.Join(parts, "\x00"))).String()
}

func (r *run) identify() {
	r.toolUUID = r.stable("tool", r.in.Tool)
	r.platformUUID = r.stable("platform", r.in.Tool)
	r.policySetUUID = r.stable("policy-set", r.in.PolicySetDigest)
	r.reportUUID = r.perRun("resource", "report")
	r.attUUID = r.perRun("resource", "attestation")
	r.policies = make(map[string]*engine.Policy, len(r.in.Policies))
	r.kindControls = map[engine.Kind][]Control{}
	for _, p := range r.in.Policies {
		if p == nil {
			continue
		}
		if _, dup := r.policies[p.ID]; !dup {
			r.policies[p.ID] = p
		}
	}
	// Every control a kind's policies name, for inputs of that kind paved
	// could not read: what was not judged counts against them all.
	for _, p := range r.policies {
		r.kindControls[p.Kind] = append(r.kindControls[p.Kind], mapControls(p.Controls)...)
	}
	for k, cs := range r.kindControls {
		r.kindControls[k] = dedupControls(cs)
	}
}

func mapControls(refs []string) []Control {
	out := make([]Control, 0, len(refs))
	for _, ref := range refs {
		if c, ok := MapControl(ref); ok {
			out = append(out, c)
		}
	}
	return out
}

// dedupControls sorts controls by id and keeps the first spelling of each.
func dedupControls(cs []Control) []Control {
	slices.SortFunc(cs, func(a, b Control) int { return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Ref, b.Ref)) })
	return slices.CompactFunc(cs, func(a, b Control) bool { return a.ID == b.ID })
}

// controlsOf are the controls an observation tests: its policy's, or for
// an input that could not be read (a pseudo-policy outside the set), every
// control of the policies of its kind.
func (r *run) controlsOf(a *agg) []Control {
	if p, ok := r.policies[a.policy.ID]; ok {
		return dedupControls(mapControls(p.Controls))
	}
	if a.verdict() == engine.StatusError && a.policy.ID == engine.LoadPolicy.ID {
		return r.kindControls[a.key.target.kind]
	}
	return dedupControls(mapControls(a.policy.Controls))
}

// order sorts targets and observations and gives them their UUIDs.
func (r *run) order() {
	r.assets = make([]*asset, 0, len(r.tally.assets))
	for _, a := range r.tally.assets {
		slices.Sort(a.ids)
		slices.Sort(a.digests)
		slices.Sort(a.errors)
		a.uuid = r.stable("target", string(a.key.kind), a.key.repo, a.key.path)
		r.assets = append(r.assets, a)
	}
	slices.SortFunc(r.assets, func(a, b *asset) int { return compareTargets(a.key, b.key) })
	r.obs = make([]*agg, 0, len(r.tally.obs))
	for _, a := range r.tally.obs {
		a.uuid = r.perRun("observation", a.key.policy, string(a.key.target.kind), a.key.target.repo, a.key.target.path)
		a.controls = r.controlsOf(a)
		r.obs = append(r.obs, a)
	}
	slices.SortFunc(r.obs, func(a, b *agg) int {
		return cmp.Or(cmp.Compare(a.key.policy, b.key.policy), compareTargets(a.key.target, b.key.target))
	})
	r.activityUUIDs = map[string]string{}
	r.activityOf = map[string]*agg{}
	for _, a := range r.obs {
		id := a.key.policy
		if _, ok := r.activityOf[id]; ok {
			continue
		}
		r.activityOf[id] = a
		r.activityOrder = append(r.activityOrder, id)
		version := ""
		if p, ok := r.policies[id]; ok {
			version = r.in.PolicyDigests[p.File]
		}
		r.activityUUIDs[id] = r.stable("policy", id, version)
	}
}

func (r *run) collectFindings() {
	byID := map[string]*findingAgg{}
	for _, a := range r.obs {
		v := a.verdict()
		for _, c := range a.controls {
			f := byID[c.ID]
			if f == nil {
				f = &findingAgg{control: c, assets: map[targetKey]struct{}{}}
				byID[c.ID] = f
			}
			if !slices.Contains(f.refs, c.Ref) {
				f.refs = append(f.refs, c.Ref)
			}
			if !slices.Contains(f.policies, a.key.policy) {
				f.policies = append(f.policies, a.key.policy)
			}
			f.obs = append(f.obs, a)
			f.assets[a.key.target] = struct{}{}
			f.verdicts.Add(v)
		}
	}
	frameworks := map[string]bool{}
	for _, f := range byID {
		slices.Sort(f.refs)
		slices.Sort(f.policies)
		frameworks[f.control.Framework] = true
		r.findings = append(r.findings, f)
	}
	slices.SortFunc(r.findings, func(a, b *findingAgg) int {
		return cmp.Or(cmp.Compare(a.control.Framework, b.control.Framework), cmp.Compare(a.control.ID, b.control.ID))
	})
	r.catalogUUIDs = map[string]string{}
	for fw := range frameworks {
		r.frameworks = append(r.frameworks, fw)
		r.catalogUUIDs[fw] = r.stable("catalog", strings.ToLower(fw))
	}
	slices.Sort(r.frameworks)
}

func (r *run) collectRisks() {
	ws := slices.Clone(r.in.Waivers)
	ws = slices.DeleteFunc(ws, func(w *engine.Waiver) bool { return w == nil })
	slices.SortFunc(ws, func(a, b *engine.Waiver) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Source.File, b.Source.File), cmp.Compare(a.Source.Line, b.Source.Line),
			cmp.Compare(a.Policy, b.Policy), cmp.Compare(a.Target, b.Target), cmp.Compare(a.Resource, b.Resource))
	})
	// Observations each waiver waived something in.
	waived := map[string][]relatedObservation{}
	for _, a := range r.obs {
		for _, id := range a.waiverIDs() {
			waived[id] = append(waived[id], relatedObservation{a.uuid})
		}
	}
	parties := map[string]string{}
	partyOf := func(name string) string {
		name = clean(name)
		if name == "" {
			return ""
		}
		if id, ok := parties[name]; ok {
			return id
		}
		id := r.stable("party", name)
		parties[name] = id
		return id
	}
	usedRoles := map[string]bool{}
	r.riskUUIDs = map[string][]string{}
	seen := map[string]bool{}
	for _, w := range ws {
		line := strconv.Itoa(w.Source.Line)
		id := r.perRun("risk", w.ID, w.Source.File, line, w.Policy, w.Target, w.Resource)
		if seen[id] {
			continue // the same waiver listed twice
		}
		seen[id] = true
		r.riskUUIDs[w.ID] = append(r.riskUUIDs[w.ID], id)
		rk := r.risk(id, w, waived[w.ID])
		var actors []actor
		if p := partyOf(w.ApprovedBy); p != "" {
			actors = append(actors, actor{Type: "party", ActorUUID: p, RoleID: roleApprover})
			usedRoles[roleApprover] = true
		}
		if p := partyOf(w.Owner); p != "" {
			actors = append(actors, actor{Type: "party", ActorUUID: p, RoleID: roleOwner})
			usedRoles[roleOwner] = true
		}
		if len(actors) > 0 {
			rk.Remediations[0].Origins = []origin{{Actors: actors}}
		}
		r.risks = append(r.risks, rk)
	}
	for name, id := range parties {
		r.parties = append(r.parties, party{UUID: id, Type: partyType(name), Name: name})
	}
	slices.SortFunc(r.parties, func(a, b party) int { return cmp.Compare(a.Name, b.Name) })
	if usedRoles[roleOwner] {
		r.roles = append(r.roles, role{ID: roleOwner, Title: "Waiver owner", Description: "Who owns an exception and answers for its reason."})
	}
	if usedRoles[roleApprover] {
		r.roles = append(r.roles, role{ID: roleApprover, Title: "Waiver approver", Description: "Who approved an exception."})
	}
	for _, f := range r.findings {
		var rs []string
		for _, a := range f.obs {
			for _, wid := range a.waiverIDs() {
				rs = append(rs, r.riskUUIDs[wid]...)
			}
		}
		slices.Sort(rs)
		f.risks = slices.Compact(rs)
	}
}

// partyType guesses what a waiver's owner or approver names: an address
// (a@b.c) or a user handle (@alice) is a person, anything else (a team:
// @acme/platform, Product Security) an organization.
func partyType(name string) string {
	at := strings.IndexByte(name, '@')
	if at >= 0 && !strings.ContainsAny(name, " /") {
		return "person"
	}
	return "organization"
}

// riskStatus is a waiver's standing as an OSCAL risk status.
func riskStatus(w *engine.Waiver) string {
	switch {
	case w.Status == engine.WaiverExpired:
		return "open" // its findings fail again
	case w.Origin == engine.WaiverOriginVEX, w.Status == engine.WaiverStale:
		return "closed" // the target says it is not affected; or nothing matched
	case w.ApprovedBy != "":
		return "deviation-approved"
	}
	return "deviation-requested"
}

func (r *run) risk(id string, w *engine.Waiver, obs []relatedObservation) risk {
	scope := "every target"
	if w.Target != "" && w.Target != "*" && w.Target != "**" {
		scope = "targets matching " + w.Target
	}
	if w.Resource != "" {
		scope += ", resources matching " + w.Resource
	}
	reason := cmp.Or(strings.TrimSpace(w.Reason), "No reason given.")
	status := riskStatus(w)
	may := "may fail"
	if status == "open" {
		may = "was allowed to fail, until " + w.Expires + ","
	}
	rk := risk{
		UUID:        id,
		Title:       fmt.Sprintf("Waiver %s: %s on %s", w.ID, w.Policy, scope),
		Description: reason,
		Statement: fmt.Sprintf("Policy %s %s on %s without blocking (waiver %s, %s), because: %s",
			w.Policy, may, scope, w.ID, waiverOrigin(w), reason),
		Status:              status,
		Origins:             []origin{{Actors: []actor{{Type: "tool", ActorUUID: r.toolUUID}}}},
		RelatedObservations: obs,
	}
	rk.Props = props(
		"waiver-id", w.ID,
		"waiver-status", w.Status,
		"waiver-origin", waiverOrigin(w),
		"waiver-source", location(w.Source.File, w.Source.Line),
		"policy", w.Policy,
		"target", w.Target,
		"resource", w.Resource,
		"owner", w.Owner,
		"approved-by", w.ApprovedBy,
		"expires", w.Expires,
		"matched", strconv.Itoa(w.Matched),
	)
	until := "with no expiry"
	if w.Expires != "" {
		until = "until " + w.Expires
		if d, err := time.Parse(time.DateOnly, w.Expires); err == nil {
			rk.Deadline, _ = timestamp(d.AddDate(0, 0, 1))
		}
	}
	lifecycle, title := "completed", "Accepted "+until
	if status == "deviation-requested" {
		lifecycle, title = "recommendation", "Accepted by its owner, without an approver, "+until
	}
	if status == "open" {
		title = "Accepted until " + w.Expires + ", now expired"
	}
	rk.Remediations = []response{{
		UUID:        r.perRun("response", id),
		Lifecycle:   lifecycle,
		Title:       title,
		Description: reason,
		Props:       props("response-type", "accept", "owner", w.Owner, "approved-by", w.ApprovedBy, "expires", w.Expires),
	}}
	return rk
}

func waiverOrigin(w *engine.Waiver) string {
	switch {
	case w.Origin != "":
		return w.Origin
	case w.Inline:
		return "inline"
	}
	return "file"
}

func location(file string, line int) string {
	if file == "" || line <= 0 {
		return file
	}
	return file + ":" + strconv.Itoa(line)
}

// props makes paved props from name, value pairs, leaving out empty values.
func props(kv ...string) []prop {
	var out []prop
	for i := 0; i+1 < len(kv); i += 2 {
		if v := clean(kv[i+1]); v != "" {
			out = append(out, prop{Name: kv[i], NS: Namespace, Value: v})
		}
	}
	return out
}

// clean makes s an OSCAL string: no control characters, whitespace runs
// as one space, none leading or trailing.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	f := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFEFF' || r == '\u2028' || r == '\u2029'
	})
	return strings.Join(f, " ")
}

// isClean says s is printable ASCII with single inner spaces: most
// strings, which need no copy.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

func isDigest(d string) bool {
	hex, ok := strings.CutPrefix(d, "sha256:")
	if !ok || len(hex) != 64 {
		return false
	}
	for i := 0; i < len(hex); i++ {
		if c := hex[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// timestamp is t as OSCAL's date-time with time zone, in UTC. OSCAL's
// pattern admits the years 1900 to 2999 only.
func timestamp(t time.Time) (string, error) {
	t = t.UTC()
	if y := t.Year(); y < 1900 || y > 2999 {
		return "", fmt.Errorf("time %s is outside the years OSCAL admits (1900-2999)", t.Format(time.RFC3339))
	}
	return t.Format(time.RFC3339Nano), nil
}

// PolicyDigests is Input.PolicyDigests for a policy set's files
// (engine.PolicySet.Files()): each file's sha256, as the set's digest is made
// of them.
func PolicyDigests(files map[string][]byte) map[string]string {
	out := make(map[string]string, len(files))
	for name, b := range files {
		sum := sha256.Sum256(b)
		out[name] = "sha256:" + hex.EncodeToString(sum[:])
	}
	return out
}
