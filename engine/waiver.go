package engine

import "slices"

// Waiver statuses, as a report and `paved waivers list` show them.
const (
	WaiverActive   = "active"   // in force
	WaiverExpiring = "expiring" // in force, expires within ExpiringWithin
	WaiverExpired  = "expired"  // past its date: waives nothing any more
	WaiverStale    = "stale"    // in force but matched nothing in a full run
)

// waiverUrgency orders statuses by what needs attention first: expired
// (their findings block again), expiring, stale, then active.
func waiverUrgency(status string) int {
	switch status {
	case WaiverExpired:
		return 0
	case WaiverExpiring:
		return 1
	case WaiverStale:
		return 2
	}
	return 3
}

// SortWaivers orders waivers by urgency (waiverUrgency), keeping the order
// of waivers alike.
func SortWaivers(ws []*Waiver) {
	slices.SortStableFunc(ws, func(a, b *Waiver) int { return waiverUrgency(a.Status) - waiverUrgency(b.Status) })
}

// ExpiringWithin is how many days before expiry a waiver is "expiring".
const ExpiringWithin = 14

// WaiverOriginVEX marks a waiver a target declares about itself: an SBOM's
// VEX analysis (not_affected, false_positive, resolved) of a vulnerability.
const WaiverOriginVEX = "vex"

// Waiver is a governed exception: a policy that may fail on some targets and
// resources, for a reason, owned by someone, until a date. It is declared in
// a waivers file, inline in the code (# paved:ignore …), or by the target
// itself (Target.Waivers: an SBOM's VEX statements; Origin says which).
type Waiver struct {
	ID         string   `json:"id"`
	Policy     string   `json:"policy"`             // policy id or glob
	Target     string   `json:"target,omitempty"`   // target path glob (engine.Identity); "", * or ** any
	Resource   string   `json:"resource,omitempty"` // resource glob; "" any
	Reason     string   `json:"reason"`
	Owner      string   `json:"owner"`
	ApprovedBy string   `json:"approved_by,omitempty"`
	Expires    string   `json:"expires,omitempty"` // YYYY-MM-DD, last day in force; "" never
	Source     Location `json:"source"`            // where it is declared
	Inline     bool     `json:"inline,omitempty"`
	Origin     string   `json:"origin,omitempty"` // "vex": declared by the target (Target.Waivers); "" a waivers file or inline comment
	Status     string   `json:"status"`
	Matched    int      `json:"matched"` // findings it waived (or, expired, would have)
}
