package engine

import "time"

// ReportSchema names the version of the JSON report contract.
const ReportSchema = "paved.report/v1"

// Report is everything one run decided; reporters only format it.
type Report struct {
	Schema    string          `json:"schema"`
	Tool      Tool            `json:"tool"`
	Run       Run             `json:"run"`
	PolicySet PolicySetInfo   `json:"policy_set"`
	FailOn    string          `json:"fail_on"`
	Baseline  *BaselineInfo   `json:"baseline,omitempty"`
	Waivers   []*Waiver       `json:"waivers,omitempty"`
	Targets   []TargetSummary `json:"targets"`
	Policies  []*Policy       `json:"policies"`
	Results   []Result        `json:"results"`
	Summary   Summary         `json:"summary"`
	// Partial says the run judged part of what its waivers govern (a
	// subdirectory, --exclude, --staged): it can call no waiver stale and
	// no finding resolved.
	Partial bool `json:"partial,omitempty"`
}

// BaselineInfo names what a run compared its findings with: a baseline
// report, the merge base of --new-since and HEAD, or both.
type BaselineInfo struct {
	File      string `json:"file,omitempty"`
	NewSince  string `json:"new_since,omitempty"`  // the ref given
	MergeBase string `json:"merge_base,omitempty"` // the commit judged as the starting point
	Findings  int    `json:"findings"`             // fingerprints it holds
}

// Tool names the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Run identifies one invocation.
type Run struct {
	ID         string    `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	DurationMS int64     `json:"duration_ms"`
}

// PolicySetInfo identifies the policies a run used.
type PolicySetInfo struct {
	Digest string `json:"digest"`
	Count  int    `json:"count"`
}

// TargetSummary is one evaluated (or failed) target: what its results say
// of it, and what the run found in it.
type TargetSummary struct {
	TargetRef
	Resources int    `json:"resources"`
	Error     string `json:"error,omitempty"`
	// Tracked are the resources whose first sighting a history keeps (an
	// SBOM's vulnerability findings, engine.Dated), whether or not a policy
	// judged them.
	Tracked []string `json:"-"`
}

// Summary counts results by status, and failing results by severity.
type Summary struct {
	Total      int            `json:"total"`
	Pass       int            `json:"pass"`
	Fail       int            `json:"fail"`
	Warn       int            `json:"warn"`
	Waived     int            `json:"waived"`
	Error      int            `json:"error"`
	Blocking   int            `json:"blocking"`
	Baseline   int            `json:"baseline"`    // failures and warnings the baseline already had
	BySeverity map[string]int `json:"by_severity"` // failing results per severity
}

// Summarize counts results; failOn decides which failures block.
func Summarize(results []Result, failOn string) Summary {
	s := Summary{BySeverity: map[string]int{SeverityCritical: 0, SeverityHigh: 0, SeverityMedium: 0, SeverityLow: 0}}
	for _, r := range results {
		s.Total++
		switch r.Status {
		case StatusPass:
			s.Pass++
		case StatusFail:
			s.Fail++
			s.BySeverity[r.Policy.Severity]++
		case StatusWarn:
			s.Warn++
		case StatusWaived:
			s.Waived++
		case StatusError:
			s.Error++
		}
		if r.Blocking(failOn) {
			s.Blocking++
		}
		if r.Baseline {
			s.Baseline++
		}
	}
	return s
}
