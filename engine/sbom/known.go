package sbom

import (
	"slices"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
)

// Advisory is a known vulnerability of a package from a database outside
// the SBOM (an OSV export, engine/osv), as it applies to one component.
type Advisory struct {
	ID        string
	Source    string // the database: "osv"
	Aliases   []string
	Summary   string
	Published time.Time // zero when the database does not say
	Ratings   []Rating
	Fixed     []string // versions that fix it, in the component's ecosystem
}

// Rating is one severity assessment of an Advisory.
type Rating struct {
	Severity string   // critical | high | medium | low | info | none | unknown
	Score    *float64 // nil when the method has no score
	Method   string   // CVSSv2 | CVSSv3 | CVSSv31 | CVSSv4 | other
	Vector   string
	Source   string
}

// AdvisoryDB finds the advisories that affect the package a purl names, at
// the purl's version. An implementation must be safe for concurrent use.
type AdvisoryDB interface {
	Affecting(purl string) []Advisory
}

// joinAdvisories adds to an SBOM target's document the advisories db finds
// for its components: one vulnerability per advisory (source "osv", its
// affects the matched components) and one finding and resource per
// (advisory, component). An advisory the SBOM already carries for the same
// component — same id, or an id among the advisory's aliases — is not
// added again: the carried finding keeps its VEX analysis and gains what it
// lacks (severity when unknown, published date, fixed versions), and
// "matched" names the advisory. Advisories aliasing each other (GHSA and
// PYSEC for one PyPI flaw) make one finding per component.
func joinAdvisories(t *engine.Target, db AdvisoryDB) {
	in := t.Input
	comps, _ := in["components"].([]any)
	vulns, _ := in["vulnerabilities"].([]any)
	findings, _ := in["findings"].([]any)
	byAddr := map[string]map[string]any{}
	for _, f := range findings {
		f := f.(map[string]any)
		byAddr[f["address"].(string)] = f
	}
	added := map[string]int{}        // advisory id → index in vulns
	taken := map[string]bool{}       // id@purl_base keys covered, per component
	matchedPurl := map[string]bool{} // purl_base already matched (duplicates)
	for _, c := range comps {
		c := c.(*component)
		base := c.purlBase
		if !c.purlValid || base == "" || matchedPurl[base] {
			continue
		}
		matchedPurl[base] = true
		advs := db.Affecting(c.purl)
		slices.SortFunc(advs, func(a, b Advisory) int { return strings.Compare(a.ID, b.ID) })
		for _, a := range advs {
			keys := append([]string{a.ID}, a.Aliases...)
			if f := carriedFinding(byAddr, keys, base); f != nil {
				enrich(f, a)
				markTaken(taken, keys, base)
				continue
			}
			if anyTaken(taken, keys, base) {
				continue
			}
			markTaken(taken, keys, base)
			sev, score, ratings := worstRating(a.Ratings)
			vi, ok := added[a.ID]
			if !ok {
				vi = len(vulns)
				added[a.ID] = vi
				v := map[string]any{"id": a.ID, "bom_ref": "", "source": a.Source, "ratings": ratings,
					"severity": sev, "score": score, "analysis": nil, "state": "", "affects": []any{},
					"summary": a.Summary, "fixed": strs(a.Fixed)}
				setDates(v, a.Published, strs(a.Aliases))
				vulns = append(vulns, v)
			}
			v := vulns[vi].(map[string]any)
			v["affects"] = append(v["affects"].([]any), map[string]any{"ref": c.bomRef, "component": c.address, "purl_base": base})
			addr := a.ID + "@" + base
			f := map[string]any{"address": addr, "id": a.ID, "vulnerability": vi, "component": c.address,
				"ref": c.bomRef, "purl_base": base, "severity": sev, "score": score, "state": "", "analysis": nil,
				"source": a.Source, "fixed": strs(a.Fixed), "matched": []any{a.ID}}
			setDates(f, a.Published, strs(a.Aliases))
			findings = append(findings, f)
			byAddr[addr] = f
			t.Resources = append(t.Resources, engine.Resource{Type: "vulnerability", Address: addr, File: t.ID})
		}
	}
	in["vulnerabilities"], in["findings"] = vulns, findings
}

// carriedFinding is the SBOM's own finding for one of keys on the
// component, if any.
func carriedFinding(byAddr map[string]map[string]any, keys []string, base string) map[string]any {
	for _, k := range keys {
		if f, ok := byAddr[k+"@"+base]; ok && f["source"] == "sbom" {
			return f
		}
	}
	return nil
}

func anyTaken(taken map[string]bool, keys []string, base string) bool {
	for _, k := range keys {
		if taken[k+"@"+base] {
			return true
		}
	}
	return false
}

func markTaken(taken map[string]bool, keys []string, base string) {
	for _, k := range keys {
		taken[k+"@"+base] = true
	}
}

// enrich completes a finding the SBOM carries with what an advisory for
// the same vulnerability knows; the SBOM's own statements win.
func enrich(f map[string]any, a Advisory) {
	f["matched"] = append(f["matched"].([]any), a.ID)
	if f["severity"] == "unknown" {
		f["severity"], f["score"], _ = worstRating(a.Ratings)
	}
	if f["published_ns"] == nil && !a.Published.IsZero() {
		f["published"], f["published_ns"] = a.Published.UTC().Format(time.RFC3339), int(a.Published.UnixNano())
	}
	fixed := f["fixed"].([]any)
	for _, v := range a.Fixed {
		if !slices.Contains(fixed, any(v)) {
			fixed = append(fixed, v)
		}
	}
	f["fixed"] = fixed
	aliases := f["aliases"].([]any)
	for _, k := range append([]string{a.ID}, a.Aliases...) {
		if k != f["id"] && !slices.Contains(aliases, any(k)) {
			aliases = append(aliases, k)
		}
	}
	f["aliases"] = aliases
}

// setDates sets the fields every vulnerability and finding has for the
// SLA policy: aliases, the published date (as written and parsed), and the
// first_seen slot that a findings store will fill (it takes precedence).
func setDates(m map[string]any, published time.Time, aliases []any) {
	m["aliases"] = aliases
	m["published"], m["published_ns"] = "", nil
	if !published.IsZero() {
		m["published"], m["published_ns"] = published.UTC().Format(time.RFC3339), int(published.UnixNano())
	}
	m["first_seen"], m["first_seen_ns"] = "", nil
}

// parseDate reads a date as CycloneDX and OSV write it (RFC 3339, or a bare
// date); the zero time when it is neither.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t
	}
	return time.Time{}
}

// worstRating lists ratings in the document's shape with the worst
// severity and the highest score.
func worstRating(rs []Rating) (string, any, []any) {
	out, sev, score := []any{}, "", any(nil)
	for _, r := range rs {
		var sc any
		if r.Score != nil {
			sc = *r.Score
			if score == nil || *r.Score > score.(float64) {
				score = *r.Score
			}
		}
		out = append(out, map[string]any{"severity": r.Severity, "score": sc, "method": r.Method, "vector": r.Vector, "source": r.Source})
		if _, ok := severityRank[r.Severity]; ok && (sev == "" || severityRank[r.Severity] > severityRank[sev]) {
			sev = r.Severity
		}
	}
	if sev == "" {
		sev = "unknown"
	}
	return sev, score, out
}
