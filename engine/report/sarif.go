package report

import (
	"cmp"
	"fmt"
	"io"
	"iter"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/paved-dev/paved/engine"
)

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// informationURI is where the SARIF driver points people for paved.
	informationURI = "https://github.com/paved-dev/paved"
	// sarifFingerprint names paved's fingerprint in partialFingerprints.
	sarifFingerprint = "pavedFingerprint/v1"
	// errorRuleID stands for results that carry no policy id.
	errorRuleID = "PAVED-ERROR"
)

// semverRE is SemVer 2.0.0 (semver.org), which semanticVersion requires.
var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations,omitempty"`
	Results     []sarifResult     `json:"results"`
	Properties  map[string]any    `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool   `json:"executionSuccessful"`
	StartTimeUTC        string `json:"startTimeUtc,omitempty"`
	EndTimeUTC          string `json:"endTimeUtc,omitempty"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name,omitempty"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifHelp          `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	Precision        string   `json:"precision"`
	ProblemSeverity  string   `json:"problem.severity"`
	SecuritySeverity string   `json:"security-severity,omitempty"`
	Severity         string   `json:"severity,omitempty"`
	Kind             string   `json:"kind,omitempty"`
	Enforcement      string   `json:"enforcement,omitempty"`
	Controls         []string `json:"controls,omitempty"`
	Related          []string `json:"related,omitempty"`
}

type sarifResult struct {
	RuleID              string              `json:"ruleId"`
	RuleIndex           int                 `json:"ruleIndex"`
	Level               string              `json:"level"`
	Message             sarifText           `json:"message"`
	Locations           []sarifLocation     `json:"locations"`
	PartialFingerprints map[string]string   `json:"partialFingerprints"`
	BaselineState       string              `json:"baselineState,omitempty"`
	Suppressions        []sarifSuppression  `json:"suppressions,omitempty"`
	Properties          sarifResultProperty `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
}

type sarifResultProperty struct {
	Status     string `json:"status"`
	Severity   string `json:"severity,omitempty"`
	Blocking   bool   `json:"blocking"`
	Target     string `json:"target"`
	TargetKind string `json:"targetKind,omitempty"`
	Resource   string `json:"resource"`
	WaiverID   string `json:"waiverId,omitempty"`
}

// writeSARIF writes SARIF 2.1.0 for GitHub code scanning: one run, one rule
// per policy that has a result, and one SARIF result per fail, warn, error
// and waived result (waived ones carry an external, accepted suppression).
func writeSARIF(w io.Writer, r *engine.Report) error {
	log, results := sarifParts(r)
	return writeSpliced(w, log, "results", 3, true, results)
}

// sarifParts is a report's SARIF log with an empty results list, and its
// results, most urgent first.
func sarifParts(r *engine.Report) (sarifLog, iter.Seq[sarifResult]) {
	rules, index := sarifRules(r)
	n := 0
	for i := range r.Results {
		if r.Results[i].Status != engine.StatusPass {
			n++
		}
	}
	sarifable := make([]engine.Result, 0, n)
	for _, res := range r.Results {
		if res.Status != engine.StatusPass {
			sarifable = append(sarifable, res)
		}
	}
	SortResults(sarifable, r.FailOn)
	vex := vexIndex(r)
	results := func(yield func(sarifResult) bool) {
		for _, res := range sarifable {
			id := ruleID(res)
			if !yield(sarifResultOf(r, res, id, index[id], vex)) {
				return
			}
		}
	}

	drv := sarifDriver{
		Name:           cmp.Or(r.Tool.Name, "paved"),
		Version:        r.Tool.Version,
		InformationURI: informationURI,
		Rules:          rules,
	}
	if v := strings.TrimPrefix(r.Tool.Version, "v"); semverRE.MatchString(v) {
		drv.SemanticVersion = v
	}
	run := sarifRun{
		Tool:    sarifTool{Driver: drv},
		Results: []sarifResult{},
		Invocations: []sarifInvocation{{
			ExecutionSuccessful: r.Summary.Error == 0,
			StartTimeUTC:        sarifTime(r.Run.StartedAt),
			EndTimeUTC:          sarifTime(r.Run.FinishedAt),
		}},
		Properties: map[string]any{
			"runId":           r.Run.ID,
			"policySetDigest": r.PolicySet.Digest,
			"failOn":          r.FailOn,
		},
	}
	return sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}, results
}

func ruleID(res engine.Result) string {
	return cmp.Or(res.Policy.ID, errorRuleID)
}

// sarifRules describes every policy with at least one result, sorted by id,
// and maps rule ids to their index. Metadata comes from Report.Policies, or
// from the result's PolicyRef for a policy the report does not list.
func sarifRules(r *engine.Report) ([]sarifRule, map[string]int) {
	byID := map[string]*engine.Policy{}
	for _, p := range r.Policies {
		if p != nil {
			byID[p.ID] = p
		}
	}
	used := map[string]*engine.Policy{}
	for _, res := range r.Results {
		id := ruleID(res)
		if _, ok := used[id]; ok {
			continue
		}
		if p, ok := byID[id]; ok {
			used[id] = p
			continue
		}
		ref := res.Policy
		used[id] = &engine.Policy{
			ID: id, Title: cmp.Or(ref.Title, "paved could not evaluate a target"), Severity: ref.Severity,
			Kind: res.Target.Kind, Controls: ref.Controls, Related: ref.Related, Tags: ref.Tags,
			Remediation: ref.Remediation, Enforcement: ref.Enforcement,
		}
	}
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	rules := make([]sarifRule, 0, len(ids))
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		index[id] = i
		rules = append(rules, sarifRuleOf(used[id]))
	}
	return rules, index
}

func sarifRuleOf(p *engine.Policy) sarifRule {
	level := severityLevel(p.Severity)
	if p.Enforcement == "warn" && level == "error" {
		level = "warning"
	}
	tags := []string{"security"}
	for _, t := range slices.Concat([]string{p.Severity, string(p.Kind)}, p.Tags, p.Controls, p.Related) {
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return sarifRule{
		ID:                   p.ID,
		Name:                 ruleName(p.Title),
		ShortDescription:     sarifText{Text: cmp.Or(p.Title, p.ID)},
		FullDescription:      sarifText{Text: cmp.Or(p.Description, p.Title, p.ID)},
		Help:                 sarifHelpOf(p),
		DefaultConfiguration: sarifConfiguration{Level: level},
		Properties: sarifRuleProps{
			Tags:             tags,
			Precision:        "high",
			ProblemSeverity:  problemSeverity(p.Severity),
			SecuritySeverity: securitySeverity(p.Severity),
			Severity:         p.Severity,
			Kind:             string(p.Kind),
			Enforcement:      p.Enforcement,
			Controls:         p.Controls,
			Related:          p.Related,
		},
	}
}

func sarifHelpOf(p *engine.Policy) sarifHelp {
	var text, md strings.Builder
	desc := strings.TrimSpace(p.Description)
	rem := strings.TrimSpace(p.Remediation)
	if desc != "" {
		text.WriteString(desc + "\n\n")
		md.WriteString(mdText(desc) + "\n\n")
	}
	if rem != "" {
		text.WriteString("Remediation: " + rem + "\n")
		md.WriteString("**Remediation:** " + mdText(rem) + "\n")
	}
	if len(p.Controls) > 0 {
		text.WriteString("Controls: " + strings.Join(p.Controls, ", ") + "\n")
		md.WriteString("\n**Controls:** " + mdCodeList(p.Controls) + "\n")
	}
	if len(p.Related) > 0 {
		text.WriteString("Related checks: " + strings.Join(p.Related, ", ") + "\n")
		md.WriteString("\n**Related checks:** " + mdCodeList(p.Related) + "\n")
	}
	fmt.Fprintf(&text, "Policy: %s (%s, %s)", p.ID, cmp.Or(p.Severity, "unknown severity"), cmp.Or(p.Enforcement, "deny"))
	fmt.Fprintf(&md, "\nPolicy %s · severity %s · enforcement %s", mdCode(p.ID), cmp.Or(p.Severity, "unknown"), cmp.Or(p.Enforcement, "deny"))
	return sarifHelp{Text: text.String(), Markdown: md.String()}
}

func sarifResultOf(r *engine.Report, res engine.Result, id string, idx int, vex map[vexKey]*engine.Waiver) sarifResult {
	msg := strings.TrimSpace(res.Message)
	if msg == "" {
		msg = cmp.Or(res.Policy.Title, id)
	}
	if res.Resource != "" {
		msg += " (resource: " + res.Resource + ")"
	}
	uri, line := sarifURI(res)
	out := sarifResult{
		RuleID:    id,
		RuleIndex: idx,
		Level:     resultLevel(res, r.FailOn),
		Message:   sarifText{Text: msg},
		Locations: []sarifLocation{{
			PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: "%SRCROOT%"},
				Region:           sarifRegion{StartLine: line},
			},
		}},
		PartialFingerprints: map[string]string{sarifFingerprint: res.Fingerprint},
		Properties: sarifResultProperty{
			Status:     string(res.Status),
			Severity:   res.Policy.Severity,
			Blocking:   res.Blocking(r.FailOn),
			Target:     res.Target.ID,
			TargetKind: string(res.Target.Kind),
			Resource:   res.Resource,
			WaiverID:   res.WaiverID,
		},
	}
	if r.Baseline != nil { // SARIF's own notion: new findings versus known ones
		out.BaselineState = "new"
		if res.Baseline {
			out.BaselineState = "unchanged"
		}
	}
	if res.Resource != "" {
		out.Locations[0].LogicalLocations = []sarifLogical{{FullyQualifiedName: res.Resource, Kind: "resource"}}
	}
	if res.Status == engine.StatusWaived {
		just := "waived"
		if res.WaiverID != "" {
			just = "waived by " + res.WaiverID
		}
		kind := "external" // a waivers file
		if strings.HasPrefix(res.WaiverID, "inline:") {
			kind = "inSource" // a paved:ignore comment in the code
		}
		if w := vex[vexKey{res.WaiverID, res.Target.ID}]; w != nil {
			// The SBOM's VEX statement, outside the scanned code: its
			// analysis is the justification.
			kind, just = "external", res.WaiverID+": "+w.Reason
		}
		out.Suppressions = []sarifSuppression{{Kind: kind, Status: "accepted", Justification: just}}
	}
	return out
}

// sarifURI is where code scanning shows a result: its file, relative to the
// scan root, and line (1 when unknown: GitHub needs a line). A result with
// no file points at its target, which for repository and Terraform targets
// is a path too.
func sarifURI(res engine.Result) (string, int) {
	file, line := res.FileLine()
	if file == "" {
		file = res.Target.ID
	}
	if line < 1 {
		line = 1
	}
	return relativeURI(file), line
}

// relativeURI percent-encodes a slash path as a relative URI reference; a
// colon is encoded too so a segment like "c:" never reads as a scheme.
func relativeURI(p string) string {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if p == "" {
		return "."
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	return strings.Join(segs, "/")
}

// resultLevel: errors and blocking failures are errors; other failures and
// warnings are warnings, or notes when low.
func resultLevel(res engine.Result, failOn string) string {
	if res.Status == engine.StatusWaived {
		// A waived result keeps the level it would have as a failure;
		// its suppression is what tells code scanning it is accepted.
		res.Status = engine.StatusFail
	}
	if res.Status == engine.StatusError || res.Blocking(failOn) {
		return "error"
	}
	if res.Policy.Severity == engine.SeverityLow {
		return "note"
	}
	return "warning"
}

func severityLevel(sev string) string {
	switch sev {
	case engine.SeverityCritical, engine.SeverityHigh:
		return "error"
	case engine.SeverityMedium:
		return "warning"
	}
	return "note"
}

func problemSeverity(sev string) string {
	switch sev {
	case engine.SeverityCritical, engine.SeverityHigh:
		return "error"
	case engine.SeverityMedium:
		return "warning"
	}
	return "recommendation"
}

// securitySeverity is the CVSS-like score GitHub maps back to a severity:
// ≥9 critical, ≥7 high, ≥4 medium, else low.
func securitySeverity(sev string) string {
	switch sev {
	case engine.SeverityCritical:
		return "9.5"
	case engine.SeverityHigh:
		return "8.0"
	case engine.SeverityMedium:
		return "5.5"
	case engine.SeverityLow:
		return "3.0"
	}
	return ""
}

// ruleName turns a title into the PascalCase identifier SARIF's rule name
// asks for: "S3 buckets encrypt data at rest" → "S3BucketsEncryptDataAtRest".
func ruleName(title string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(title, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }) {
		rs := []rune(word)
		b.WriteRune(unicode.ToUpper(rs[0]))
		b.WriteString(string(rs[1:]))
	}
	return b.String()
}

func sarifTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// vexKey finds a VEX waiver: ids are unique per SBOM, so the target tells
// two SBOMs' apart.
type vexKey struct{ id, target string }

// vexIndex indexes the report's VEX waivers that waived something.
func vexIndex(r *engine.Report) map[vexKey]*engine.Waiver {
	out := map[vexKey]*engine.Waiver{}
	for _, w := range vexWaivers(r) {
		out[vexKey{w.ID, w.Target}] = w
	}
	return out
}
