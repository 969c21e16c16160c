package sbom

import (
	"time"

	"github.com/paved-dev/paved/engine"
)

// SetFirstSeen dates an SBOM's findings from a history store: each
// finding's first_seen is when its resource (VULN-ID@purl_base) was first
// seen, per seen, or now when it never was; each vulnerability's is the
// earliest of its findings'. SBOM-015 then times the finding from it
// rather than from the advisory's publication.
func SetFirstSeen(t *engine.Target, seen map[string]time.Time, now time.Time) {
	if t == nil || t.Kind != Kind || t.Input == nil {
		return
	}
	findings, _ := t.Input["findings"].([]any)
	vulns, _ := t.Input["vulnerabilities"].([]any)
	earliest := map[int]time.Time{}
	for _, f := range findings {
		f, ok := f.(map[string]any)
		if !ok {
			continue
		}
		addr, _ := f["address"].(string)
		first, ok := seen[addr]
		if !ok || first.After(now) {
			first = now
		}
		setFirstSeen(f, first)
		if vi, ok := f["vulnerability"].(int); ok {
			if e, ok := earliest[vi]; !ok || first.Before(e) {
				earliest[vi] = first
			}
		}
	}
	for vi, first := range earliest {
		if vi >= 0 && vi < len(vulns) {
			if v, ok := vulns[vi].(map[string]any); ok {
				setFirstSeen(v, first)
			}
		}
	}
}

// FindingAddresses lists the addresses of an SBOM's findings (its
// vulnerability resources).
func FindingAddresses(t *engine.Target) []string {
	if t == nil || t.Input == nil {
		return nil
	}
	findings, _ := t.Input["findings"].([]any)
	out := make([]string, 0, len(findings))
	for _, f := range findings {
		if f, ok := f.(map[string]any); ok {
			if a, _ := f["address"].(string); a != "" {
				out = append(out, a)
			}
		}
	}
	return out
}

func setFirstSeen(m map[string]any, t time.Time) {
	m["first_seen"], m["first_seen_ns"] = t.UTC().Format(time.RFC3339), int(t.UnixNano())
}
