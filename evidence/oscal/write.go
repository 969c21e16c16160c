package oscal

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/attest"
)

// AssessmentResults is the OSCAL assessment-results document for rep, as
// indented JSON. The same report and input give the same bytes.
func AssessmentResults(rep *engine.Report, in Input) ([]byte, error) {
	var buf bytes.Buffer
	if err := Write(&buf, rep, in); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write streams the document AssessmentResults returns to w, one
// observation at a time. Everything it could refuse is checked before the
// first byte is written; an error after that is w's.
func Write(w io.Writer, rep *engine.Report, in Input) error {
	r, err := newRun(rep, in)
	if err != nil {
		return fmt.Errorf("oscal: %w", err)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	j := &jsonWriter{w: bw}
	root := j.open(0)
	root.object("assessment-results", r.writeDocument)
	root.close()
	j.raw("\n")
	if j.err != nil {
		return fmt.Errorf("oscal: %w", j.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("oscal: %w", err)
	}
	return nil
}

func (r *run) writeDocument(o *object) {
	o.field("uuid", r.perRun("assessment-results"))
	o.field("metadata", r.metadata())
	o.field("import-ap", importAP{
		Href:    "#" + r.policySetUUID,
		Remarks: "paved has no separate assessment plan: the plan is the policy set that ran, described in back-matter by its digest.",
	})
	if acts := r.activities(); len(acts) > 0 {
		o.field("local-definitions", documentDefinitions{Activities: acts})
	}
	o.array("results", 1, func(_ int, j *jsonWriter, depth int) {
		res := j.open(depth)
		r.writeResult(res)
		res.close()
	})
	o.field("back-matter", r.backMatter())
}

func (r *run) metadata() metadata {
	return metadata{
		Title:        fmt.Sprintf("%s assessment results, run %s", r.in.Tool, r.rep.Run.ID),
		LastModified: r.end,
		Version:      r.rep.Run.ID,
		OSCALVersion: OSCALVersion,
		Roles:        r.roles,
		Parties:      r.parties,
	}
}

func (r *run) writeResult(o *object) {
	t := r.tally
	o.field("uuid", r.perRun("result"))
	o.field("title", fmt.Sprintf("%s check, run %s", r.in.Tool, r.rep.Run.ID))
	o.field("description", fmt.Sprintf("%d targets judged by the policies of policy set %s: %s; %d blocking at fail-on %s.",
		len(r.assets), r.in.PolicySetDigest, countText(t.counts), t.blocking, orNone(r.rep.FailOn)))
	o.field("start", r.start)
	o.field("end", r.end)
	partial := ""
	if r.rep.Partial {
		partial = "true"
	}
	o.field("props", props(
		"run-id", r.rep.Run.ID,
		"policy-set-digest", r.in.PolicySetDigest,
		"fail-on", r.rep.FailOn,
		"partial", partial,
		"targets", strconv.Itoa(len(r.assets)),
		"results", strconv.Itoa(t.counts.Total()),
		"pass", strconv.Itoa(t.counts.Pass),
		"fail", strconv.Itoa(t.counts.Fail),
		"warn", strconv.Itoa(t.counts.Warn),
		"waived", strconv.Itoa(t.counts.Waived),
		"error", strconv.Itoa(t.counts.Error),
		"blocking", strconv.Itoa(t.blocking),
	))
	o.field("links", []link{
		{Href: "#" + r.policySetUUID, Rel: "policy-set", Text: "The policy set that ran"},
		{Href: "#" + r.reportUUID, Rel: "report", Text: "The paved report: every result, with its fingerprint"},
		{Href: "#" + r.attUUID, Rel: "attestation", Text: "The signed attestation"},
	})
	o.field("local-definitions", r.localDefinitions())
	o.field("reviewed-controls", r.reviewedControls())
	if len(r.obs) > 0 {
		o.array("observations", len(r.obs), func(i int, j *jsonWriter, depth int) {
			j.value(depth, r.observation(r.obs[i]))
		})
	}
	if len(r.risks) > 0 {
		o.array("risks", len(r.risks), func(i int, j *jsonWriter, depth int) {
			j.value(depth, r.risks[i])
		})
	}
	if len(r.findings) > 0 {
		o.array("findings", len(r.findings), func(i int, j *jsonWriter, depth int) {
			j.value(depth, r.finding(r.findings[i]))
		})
	}
}

func (r *run) localDefinitions() localDefinitions {
	ld := localDefinitions{Assets: &assessmentAssets{
		Components: []component{{
			UUID:        r.toolUUID,
			Type:        "software",
			Title:       r.in.Tool,
			Description: fmt.Sprintf("%s %s: policy-as-code checks (OPA Rego) of infrastructure, images, SBOMs and repositories.", r.in.Tool, r.in.Version),
			Props:       props("version", r.in.Version),
			Status:      status{State: "operational"},
		}},
		Platforms: []platform{{UUID: r.platformUUID, Title: r.in.Tool + " " + r.in.Version, UsesComponents: []usesComponent{{r.toolUUID}}}},
	}}
	for _, a := range r.assets {
		ld.InventoryItems = append(ld.InventoryItems, r.inventoryItem(a))
	}
	return ld
}

func (r *run) inventoryItem(a *asset) inventoryItem {
	item := inventoryItem{
		UUID:        a.uuid,
		Description: fmt.Sprintf("%s target %s", orNone(string(a.key.kind)), orNone(a.key.String())),
		Props: props(
			"target-kind", string(a.key.kind),
			"target-repo", a.key.repo,
			"target-path", a.key.path,
			"target-owner", a.owner,
			"resources", strconv.Itoa(a.resources),
		),
	}
	for _, id := range a.ids {
		item.Props = append(item.Props, props("target-id", id)...)
	}
	for _, d := range a.digests {
		item.Props = append(item.Props, props("target-digest", d)...)
	}
	if len(a.errors) > 0 {
		item.Remarks = "Could not be read: " + strings.Join(a.errors, "\n\n")
	}
	return item
}

func (r *run) reviewedControls() reviewedControls {
	if len(r.findings) == 0 {
		return reviewedControls{ControlSelections: []controlSelection{{Remarks: "No policy that judged a target names a control."}}}
	}
	cs := make([]Control, len(r.findings))
	for i, f := range r.findings {
		cs[i] = f.control
	}
	return *r.selections(cs)
}

// selections groups controls by framework, each group linked to its
// catalog; nil for none.
func (r *run) selections(cs []Control) *reviewedControls {
	if len(cs) == 0 {
		return nil
	}
	var rc reviewedControls
	for _, fw := range r.frameworks {
		sel := controlSelection{
			Props: props("framework", fw),
			Links: []link{{Href: "#" + r.catalogUUIDs[fw], Rel: "catalog"}},
		}
		for _, c := range cs {
			if c.Framework == fw {
				sel.IncludeControls = append(sel.IncludeControls, selectControl{c.ID})
			}
		}
		if len(sel.IncludeControls) > 0 {
			rc.ControlSelections = append(rc.ControlSelections, sel)
		}
	}
	return &rc
}

// activities are the policies that judged, each once: what it checks, its
// version and the controls it tests. Observations link to them.
func (r *run) activities() []activity {
	var out []activity
	for _, id := range r.activityOrder {
		a := r.activityOf[id]
		act := activity{UUID: r.activityUUIDs[id]}
		if p, ok := r.policies[id]; ok {
			act.Title = cmp.Or(strings.TrimSpace(p.Title), id)
			act.Description = cmp.Or(strings.TrimSpace(p.Description), act.Title)
			act.Props = props(
				"policy", id,
				"policy-kind", string(p.Kind),
				"policy-file", p.File,
				"policy-digest", r.in.PolicyDigests[p.File],
				"policy-severity", p.Severity,
				"policy-enforcement", p.Enforcement,
			)
			for _, c := range dedupControls(mapControls(p.Controls)) {
				act.Props = append(act.Props, props("control", c.Ref)...)
			}
			act.RelatedControls = r.selections(dedupControls(mapControls(p.Controls)))
			act.Remarks = strings.TrimSpace(p.Remediation)
		} else {
			// A pseudo-policy outside the set (PAVED-LOAD): what the report's
			// results say of it.
			act.Title = cmp.Or(strings.TrimSpace(a.policy.Title), id)
			act.Description = act.Title
			act.Props = props("policy", id, "policy-severity", a.policy.Severity, "policy-enforcement", a.policy.Enforcement)
			act.Remarks = strings.TrimSpace(a.policy.Remediation)
			if id == engine.LoadPolicy.ID {
				act.Remarks = "Not a policy of the set: an input paved could not read. It counts against every control its kind's policies name, since what was not judged never passes."
			}
		}
		out = append(out, act)
	}
	return out
}

func (r *run) observation(a *agg) observation {
	p := a.policy
	verdict := a.verdict()
	ob := observation{
		UUID:        a.uuid,
		Title:       fmt.Sprintf("%s on %s", p.ID, a.key.target.String()),
		Description: fmt.Sprintf("%s: %s.", cmp.Or(strings.TrimSpace(p.Title), p.ID), countText(a.counts)),
		Props: props(
			"policy", p.ID,
			"verdict", string(verdict),
			"results", strconv.Itoa(a.counts.Total()),
			"pass", nonZero(a.counts.Pass),
			"fail", nonZero(a.counts.Fail),
			"warn", nonZero(a.counts.Warn),
			"waived", nonZero(a.counts.Waived),
			"error", nonZero(a.counts.Error),
		),
		Links:     []link{{Href: "#" + r.activityUUIDs[p.ID], Rel: "activity"}},
		Methods:   []string{"TEST"},
		Types:     []string{"control-objective"},
		Origins:   []origin{{Actors: []actor{{Type: "tool", ActorUUID: r.toolUUID}}}},
		Collected: r.collected,
	}
	if verdict != engine.StatusPass {
		ob.Types = []string{"finding"}
	}
	for _, id := range a.waiverIDs() {
		ob.Props = append(ob.Props, props("waiver", id)...)
	}
	as := r.tally.assets[a.key.target]
	subject := subjectRef{SubjectUUID: as.uuid, Type: "inventory-item", Title: a.key.target.String()}
	att := evidence{
		Href:        "#" + r.attUUID,
		Description: "The signed attestation: it covers this document and report.json, and names the target's digest.",
		Props:       props("attestation-digest", r.in.AttestationDigest),
	}
	for _, d := range as.digests {
		subject.Props = append(subject.Props, props("target-digest", d)...)
		att.Props = append(att.Props, props("attestation-subject", d)...)
	}
	ob.Subjects = []subjectRef{subject}
	ob.RelevantEvidence = []evidence{att, {
		Href:        "#" + r.reportUUID,
		Description: "The report: every result of this policy on this target, with its fingerprint.",
		Props:       props("report-digest", r.in.ReportDigest),
	}}
	ob.Remarks = remarks(a)
	return ob
}

// remarks lists an observation's sampled non-passing results, one a line.
func remarks(a *agg) string {
	if len(a.samples) == 0 {
		return ""
	}
	var b strings.Builder
	for _, s := range a.samples {
		fmt.Fprintf(&b, "%s %s", s.status, orNone(clean(s.resource)))
		if s.file != "" {
			fmt.Fprintf(&b, " at %s", clean(location(s.file, s.line)))
		}
		if m := clean(s.message); m != "" {
			fmt.Fprintf(&b, ": %s", m)
		}
		fmt.Fprintf(&b, " (fingerprint %s)\n", s.fingerprint)
	}
	if more := a.counts.Total() - a.counts.Pass - len(a.samples); more > 0 {
		fmt.Fprintf(&b, "… and %d more not passing; report.json lists every result with its fingerprint.\n", more)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (r *run) finding(f *findingAgg) finding {
	c := f.control
	cat := catalogOf(c.Framework)
	notSatisfied := len(f.obs) - f.verdicts.Pass
	state, reason := "satisfied", "pass"
	switch {
	case f.verdicts.Fail+f.verdicts.Warn+f.verdicts.Waived > 0:
		state, reason = "not-satisfied", "fail"
	case f.verdicts.Error > 0:
		state, reason = "not-satisfied", "other"
	}
	refs := strings.Join(f.refs, ", ")
	fi := finding{
		UUID:  r.perRun("finding", c.ID),
		Title: refs,
		Description: fmt.Sprintf("%s tested by %d %s on %d %s: %d %s passed, %d did not (%s).",
			refs, len(f.policies), plural(len(f.policies), "policy", "policies"), len(f.assets), plural(len(f.assets), "target", "targets"),
			f.verdicts.Pass, plural(f.verdicts.Pass, "observation", "observations"), notSatisfied, verdictText(f.verdicts)),
		Origins: []origin{{Actors: []actor{{Type: "tool", ActorUUID: r.toolUUID}}}},
		Target: findingTarget{
			Type:        "objective-id",
			TargetID:    c.ID,
			Title:       cmp.Or(cat.title, c.Framework) + ": " + refs,
			Description: fmt.Sprintf("%s is %s in this run.", refs, state),
			Props:       props("framework", c.Framework),
			Links:       []link{{Href: "#" + r.catalogUUIDs[c.Framework], Rel: "catalog"}},
			Status:      targetStatus{State: state, Reason: reason},
		},
	}
	fi.Props = props("framework", c.Framework, "observations", strconv.Itoa(len(f.obs)), "not-satisfied", strconv.Itoa(notSatisfied))
	for _, ref := range f.refs {
		fi.Props = append(fi.Props, props("control", ref)...)
	}
	for _, p := range f.policies {
		fi.Props = append(fi.Props, props("policy", p)...)
	}
	for _, a := range f.obs {
		fi.RelatedObservations = append(fi.RelatedObservations, relatedObservation{a.uuid})
	}
	for _, id := range f.risks {
		fi.RelatedRisks = append(fi.RelatedRisks, relatedRisk{id})
	}
	return fi
}

func (r *run) backMatter() backMatter {
	ps := resource{
		UUID:        r.policySetUUID,
		Title:       "Policy set " + r.in.PolicySetDigest,
		Description: "The policies this run evaluated. Its digest is the sha256 of one line per policy file, sorted by name: the file's sha256 in hex, two spaces, its name.",
		Props:       props("policy-set-digest", r.in.PolicySetDigest, "policies", strconv.Itoa(len(r.policies))),
	}
	report := resource{
		UUID:        r.reportUUID,
		Title:       "paved report (" + engine.ReportSchema + ")",
		Description: "Every result of the run: policy, target, resource, status, message, location and fingerprint.",
		Props:       props("report-digest", r.in.ReportDigest),
		Rlinks:      []rlink{{Href: reportHref, MediaType: "application/json", Hashes: hashes(r.in.ReportDigest)}},
	}
	att := resource{
		UUID:        r.attUUID,
		Title:       "Signed attestation",
		Description: "An in-toto Statement in a DSSE envelope, signed: its subjects are the bundle's manifest (the sha256 of every other file, this document included) and the targets' digests.",
		Props:       props("attestation-digest", r.in.AttestationDigest),
		Rlinks:      []rlink{{Href: attestationHref, MediaType: "application/json", Hashes: hashes(r.in.AttestationDigest)}},
	}
	bm := backMatter{Resources: []resource{ps, report, att}}
	for _, fw := range r.frameworks {
		cat := catalogOf(fw)
		res := resource{
			UUID:  r.catalogUUIDs[fw],
			Title: cmp.Or(cat.title, fw),
			Props: props("framework", fw),
		}
		if cat.href != "" {
			res.Rlinks = []rlink{{Href: cat.href, MediaType: cat.mediaType}}
		} else {
			res.Remarks = "paved knows no published catalog for this framework; its controls are mapped as the policies name them."
		}
		bm.Resources = append(bm.Resources, res)
	}
	return bm
}

func hashes(digest string) []hash {
	if hex, ok := strings.CutPrefix(digest, "sha256:"); ok && hex != "" {
		return []hash{{Algorithm: "SHA-256", Value: hex}}
	}
	return nil
}

func countText(c attest.Counts) string {
	return fmt.Sprintf("%d %s: %d passed, %d failed, %d warned, %d waived, %d errors",
		c.Total(), plural(c.Total(), "result", "results"), c.Pass, c.Fail, c.Warn, c.Waived, c.Error)
}

func verdictText(v attest.Counts) string {
	return fmt.Sprintf("%d failed, %d warned, %d waived, %d errors", v.Fail, v.Warn, v.Waived, v.Error)
}

// nonZero is a count as a prop value, "" (no prop) for none.
func nonZero(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func orNone(s string) string { return cmp.Or(s, "(none)") }

// jsonWriter writes indented JSON piece by piece, as encoding/json's
// MarshalIndent would write the whole, so one observation at a time is
// held in memory. The first error sticks.
type jsonWriter struct {
	w    *bufio.Writer
	buf  bytes.Buffer
	encs map[int]*json.Encoder // by depth, each keeping its indent buffer
	err  error
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// value writes v as indented JSON whose nested lines start at depth.
func (j *jsonWriter) value(depth int, v any) {
	if j.err != nil {
		return
	}
	j.buf.Reset()
	enc := j.encs[depth]
	if enc == nil {
		if j.encs == nil {
			j.encs = map[int]*json.Encoder{}
		}
		enc = json.NewEncoder(&j.buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent(strings.Repeat("  ", depth), "  ")
		j.encs[depth] = enc
	}
	if err := enc.Encode(v); err != nil {
		j.err = err
		return
	}
	_, j.err = j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}

func (j *jsonWriter) open(depth int) *object {
	j.raw("{")
	return &object{j: j, depth: depth}
}

// object is a JSON object being written; its members go one a line.
type object struct {
	j     *jsonWriter
	depth int
	n     int
}

func (o *object) key(k string) {
	if o.n > 0 {
		o.j.raw(",")
	}
	o.n++
	o.j.raw("\n" + strings.Repeat("  ", o.depth+1) + strconv.Quote(k) + ": ")
}

func (o *object) field(k string, v any) {
	o.key(k)
	o.j.value(o.depth+1, v)
}

func (o *object) object(k string, fill func(*object)) {
	o.key(k)
	c := o.j.open(o.depth + 1)
	fill(c)
	c.close()
}

// array writes n items, each written by item at the depth it is given.
func (o *object) array(k string, n int, item func(i int, j *jsonWriter, depth int)) {
	o.key(k)
	o.j.raw("[")
	indent := strings.Repeat("  ", o.depth+2)
	for i := 0; i < n; i++ {
		if i > 0 {
			o.j.raw(",")
		}
		o.j.raw("\n" + indent)
		item(i, o.j, o.depth+2)
	}
	o.j.raw("\n" + strings.Repeat("  ", o.depth+1) + "]")
}

func (o *object) close() {
	if o.n > 0 {
		o.j.raw("\n" + strings.Repeat("  ", o.depth))
	}
	o.j.raw("}")
}
