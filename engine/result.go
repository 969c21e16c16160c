package engine

import (
	"crypto/sha256"
	"encoding/hex"
)

// Status is the verdict of one policy on one resource.
type Status string

const (
	StatusPass   Status = "pass"
	StatusFail   Status = "fail"
	StatusWarn   Status = "warn"
	StatusWaived Status = "waived"
	StatusError  Status = "error"
)

// Severities in blocking order, most severe first.
const (
	SeverityCritical = "critical"
	SeverityHigh     = "high"
	SeverityMedium   = "medium"
	SeverityLow      = "low"
)

// SeverityRank orders severities: critical 4 … low 1; unknown 0.
func SeverityRank(s string) int {
	switch s {
	case SeverityCritical:
		return 4
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 1
	}
	return 0
}

// Location points into a source file; Line is 1-based, 0 when unknown.
type Location struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

// PolicyRef is the part of a policy's metadata every result carries.
type PolicyRef struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Severity    string   `json:"severity"`
	Enforcement string   `json:"enforcement"`
	Controls    []string `json:"controls,omitempty"`
	Related     []string `json:"related,omitempty"`
	Remediation string   `json:"remediation,omitempty"`
	Tags        []string `json:"tags,omitempty"`
}

// TargetRef identifies the target a result belongs to.
type TargetRef struct {
	Kind   Kind   `json:"kind"`
	ID     string `json:"id"`
	Repo   string `json:"repo,omitempty"`
	Path   string `json:"path"`
	Digest string `json:"digest,omitempty"`
	Owner  string `json:"owner,omitempty"`
}

// Result is one policy's verdict on one resource of one target.
type Result struct {
	Status Status `json:"status"`
	// Policy and Target are shared by every result of one policy on one
	// target (a 50,000-component SBOM has hundreds of thousands of
	// results): read them, never write through them.
	Policy      *PolicyRef `json:"policy"`
	Target      *TargetRef `json:"target"`
	Resource    string     `json:"resource"`
	Message     string     `json:"message,omitempty"`
	Location    *Location  `json:"location,omitempty"`
	Fingerprint string     `json:"fingerprint"`
	WaiverID    string     `json:"waiver_id,omitempty"`
	// Baseline marks a failure already present in the baseline report: it
	// is reported, and never blocks (only new findings do).
	Baseline bool `json:"baseline,omitempty"`
}

// FileLine is where the result points: its file and line, "" and 0 when
// it has no location.
func (r Result) FileLine() (string, int) {
	if r.Location == nil {
		return "", 0
	}
	return r.Location.File, r.Location.Line
}

// Fingerprint identifies a finding across runs: it depends on the policy,
// the target's identity and the resource only, never on line numbers,
// messages, the working directory, the spelling of a path or where a
// checkout lives, so a finding keeps its identity when code moves.
//
// It is the first 16 bytes, in hex, of the SHA-256 of the policy id, the
// target's repository and path, and the resource, each followed by a NUL
// byte. Every result has one (a big SBOM some 400,000),
// so short ones are hashed from a buffer on the stack, in one call.
func Fingerprint(policyID string, target Identity, resource string) string {
	var buf [256]byte
	b := buf[:0]
	if n := len(policyID) + len(target.Repo) + len(target.Path) + len(resource) + 4; n > len(buf) {
		b = make([]byte, 0, n)
	}
	b = append(append(b, policyID...), 0)
	b = append(append(b, target.Repo...), 0)
	b = append(append(b, target.Path...), 0)
	b = append(append(b, resource...), 0)
	sum := sha256.Sum256(b)
	var out [32]byte
	hex.Encode(out[:], sum[:16])
	return string(out[:])
}

// Blocking reports whether r blocks the gate at failOn (a severity name).
func (r Result) Blocking(failOn string) bool {
	return r.Status == StatusError ||
		(r.Status == StatusFail && !r.Baseline && SeverityRank(r.Policy.Severity) >= SeverityRank(failOn))
}
