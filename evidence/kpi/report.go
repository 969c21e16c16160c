package kpi

import "time"

// Schema names the version of the KPI JSON contract
// (schemas/paved.kpi.v1.json).
const Schema = "paved.kpi/v1"

// Report is the KPIs of a store at one time, with their weekly trends:
// what `paved kpi --format json` prints and the dashboard shows.
type Report struct {
	Schema      string            `json:"schema"`
	At          time.Time         `json:"at"`    // the state shown is the store's at this time
	Since       time.Time         `json:"since"` // start of the window for remediation and trends
	Filter      Filter            `json:"filter"`
	Coverage    Coverage          `json:"coverage"`
	Adoption    Adoption          `json:"adoption"`
	Remediation map[string]Remed  `json:"remediation"` // by severity: critical, high, medium, low
	SLA         map[string]SLA    `json:"sla"`         // by severity
	Waived      Waived            `json:"waived"`
	Trends      []Point           `json:"trends"`         // weekly, oldest first, the last at At
	PolicySet   []PolicySetChange `json:"policy_changes"` // policies added to or gone from runs in the window
	Store       StoreFacts        `json:"store"`
}

// Filter narrows the assets figures are computed over ("" is all).
type Filter struct {
	Team string `json:"team,omitempty"`
	Kind string `json:"kind,omitempty"`
}

// Share is a part of a whole: Value = Passing / Assets (0 when Assets is 0).
type Share struct {
	Value   float64 `json:"value"`
	Passing int     `json:"passing"`
	Assets  int     `json:"assets"`
}

// Coverage is the share of assets passing every baseline policy that
// judged them, overall and cut four ways.
type Coverage struct {
	Overall    float64          `json:"overall"` // 0..1
	Passing    int              `json:"passing"`
	Assets     int              `json:"assets"`
	ByTeam     map[string]Share `json:"by_team"`
	ByKind     map[string]Share `json:"by_kind"`
	ByPolicy   map[string]Share `json:"by_policy"`   // assets the policy judged, passing it
	BySeverity map[string]Share `json:"by_severity"` // assets passing every baseline policy of that severity
	// Baseline says which policies counted: "tagged" (policies tagged
	// baseline) or "deny" (no policy is tagged: every deny policy).
	Baseline string `json:"baseline"`
}

// Adoption is the share of repositories passing every golden-path policy
// that judged something in them.
type Adoption struct {
	GoldenPath   float64          `json:"golden_path"` // 0..1
	Passing      int              `json:"passing"`
	Repositories int              `json:"repositories"`
	ByTeam       map[string]Share `json:"by_team"`
}

// Remed is the remediation time of the findings of one severity resolved
// in the window: resolved − first seen, in days.
type Remed struct {
	Resolved   int     `json:"resolved"`
	MedianDays float64 `json:"median_days"`
	P90Days    float64 `json:"p90_days"`
}

// SLA is how one severity's findings stand against its SLA.
type SLA struct {
	Days        int     `json:"days"`
	Open        int     `json:"open"`          // open at At, not waived
	OpenPastSLA int     `json:"open_past_sla"` // of those, past the SLA on the SLA clock
	WithinSLA   float64 `json:"within_sla"`    // share of the window's resolved findings resolved within it (1 when none)
	// PastSLABuckets counts the open findings past SLA by how long past:
	// "0-7d", "7-30d", "30-90d", "90d+".
	PastSLABuckets map[string]int `json:"past_sla_buckets"`
}

// Waived are open findings under a waiver at At, counted apart from the
// open ones.
type Waived struct {
	Open       int             `json:"open"`
	BySeverity map[string]int  `json:"by_severity"`
	Expiring   []WaivedFinding `json:"expiring"` // soonest expiry first, at most 50
}

// WaivedFinding is one waived finding and its waiver.
type WaivedFinding struct {
	Fingerprint string `json:"fingerprint"`
	PolicyID    string `json:"policy_id"`
	Severity    string `json:"severity"`
	Target      string `json:"target"` // kind:identity
	Resource    string `json:"resource"`
	WaiverID    string `json:"waiver_id"`
	Owner       string `json:"owner"`
	Expires     string `json:"expires"`
}

// Point is the figures at the end of one week.
type Point struct {
	At       time.Time `json:"at"`
	Coverage float64   `json:"coverage"`
	Assets   int       `json:"assets"` // live assets judged by a baseline policy: coverage's whole
	Adoption float64   `json:"adoption"`
	// Repositories are those judged by a golden-path policy: adoption's
	// whole.
	Repositories int                `json:"repositories"`
	OpenPastSLA  map[string]int     `json:"open_past_sla"` // by severity
	MedianDays   map[string]float64 `json:"median_days"`   // of findings resolved that week, by severity
	// PolicyChange marks a week in which the policy set changed: a move
	// in coverage that week may be the policies', not the fleet's.
	PolicyChange bool `json:"policy_change"`
}

// PolicySetChange is a change of the policies runs use: policies first
// run at At, or last run before it.
type PolicySetChange struct {
	At      time.Time `json:"at"`
	Added   []string  `json:"added,omitempty"`
	Removed []string  `json:"removed,omitempty"`
}

// StoreFacts say what the figures were computed from.
type StoreFacts struct {
	Runs      int       `json:"runs"`
	Assets    int       `json:"assets"`
	FirstRun  time.Time `json:"first_run"`
	LastRun   time.Time `json:"last_run"`
	StaleDays int       `json:"stale_days"` // an asset not judged for this long is out of the figures
}
