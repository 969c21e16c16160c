package osv

import (
	"fmt"
	"strings"

	cvss20 "github.com/pandatix/go-cvss/20"
	cvss30 "github.com/pandatix/go-cvss/30"
	cvss31 "github.com/pandatix/go-cvss/31"
	cvss40 "github.com/pandatix/go-cvss/40"

	"github.com/paved-dev/paved/engine/sbom"
)

// ratings scores OSV severity entries (CVSS vectors, Ubuntu priorities);
// the database's qualitative severity (GitHub's database_specific.severity)
// is the fallback when there is none.
func ratings(ss []severity, db *dbSpecific) ([]sbom.Rating, error) {
	var out []sbom.Rating
	for i, s := range ss {
		r, err := rating(s)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out = append(out, r)
	}
	if len(out) > 0 || db == nil || db.Severity == nil {
		return out, nil
	}
	// database_specific is the database's own: a value other than the
	// usual words is not an error, only no rating.
	word, _ := db.Severity.(string)
	sev, ok := qualitative[strings.ToLower(strings.TrimSpace(word))]
	if !ok {
		return nil, nil
	}
	return []sbom.Rating{{Severity: sev, Method: "other", Source: "osv database_specific"}}, nil
}

// qualitative maps the words databases use to the SBOM's severities.
var qualitative = map[string]string{
	"critical": "critical", "high": "high", "important": "high", "moderate": "medium", "medium": "medium",
	"low": "low", "negligible": "info", "unimportant": "info", "none": "none", "unknown": "unknown",
	"untriaged": "unknown",
}

func rating(s severity) (sbom.Rating, error) {
	vec := strings.TrimSpace(s.Score)
	r := sbom.Rating{Vector: vec, Source: "osv"}
	var score float64
	switch s.Type {
	case "CVSS_V2":
		v, err := cvss20.ParseVector(vec)
		if err != nil {
			return r, fmt.Errorf("CVSS_V2 %q: %v", vec, err)
		}
		r.Method, score = "CVSSv2", v.BaseScore()
	case "CVSS_V3":
		switch {
		case strings.HasPrefix(vec, "CVSS:3.0/"):
			v, err := cvss30.ParseVector(vec)
			if err != nil {
				return r, fmt.Errorf("CVSS_V3 %q: %v", vec, err)
			}
			r.Method, score = "CVSSv3", v.BaseScore()
		case strings.HasPrefix(vec, "CVSS:3.1/"):
			v, err := cvss31.ParseVector(vec)
			if err != nil {
				return r, fmt.Errorf("CVSS_V3 %q: %v", vec, err)
			}
			r.Method, score = "CVSSv31", v.BaseScore()
		default:
			return r, fmt.Errorf("CVSS_V3 %q: want a CVSS:3.0/ or CVSS:3.1/ vector", vec)
		}
	case "CVSS_V4":
		v, err := cvss40.ParseVector(vec)
		if err != nil {
			return r, fmt.Errorf("CVSS_V4 %q: %v", vec, err)
		}
		r.Method, score = "CVSSv4", v.Score()
	case "Ubuntu":
		sev, ok := qualitative[strings.ToLower(vec)]
		if !ok {
			return r, fmt.Errorf("Ubuntu priority %q is unknown", vec)
		}
		r.Method, r.Vector, r.Severity = "other", "", sev
		return r, nil
	default:
		return r, fmt.Errorf("type %q is not CVSS_V2, CVSS_V3, CVSS_V4 or Ubuntu", s.Type)
	}
	r.Score, r.Severity = &score, cvssSeverity(score)
	return r, nil
}

// cvssSeverity is the qualitative rating of a CVSS v3/v4 score (also used
// for v2, which has none of its own).
func cvssSeverity(score float64) string {
	switch {
	case score >= 9:
		return "critical"
	case score >= 7:
		return "high"
	case score >= 4:
		return "medium"
	case score > 0:
		return "low"
	}
	return "none"
}
