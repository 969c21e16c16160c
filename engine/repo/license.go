package repo

import (
	"github.com/google/licenseclassifier/v2/assets"
)

// licenseClassifier builds licenseclassifier's embedded database once per
// Loader, and only when a repository has a LICENSE file: it takes far longer
// than the rest of a load (see doc.go).
func (l *Loader) licenseClassifier() error {
	l.licenseOnce.Do(func() { l.license, l.licenseErr = assets.DefaultClassifier() })
	return l.licenseErr
}

// license detects the SPDX id of the LICENSE file. spdx is the best
// "License" match ("" when nothing matched well enough); matches lists
// every match with its confidence and lines.
func (ld *load) license(rel string) any {
	meta, b := ld.known(rel)
	meta["spdx"], meta["matches"], meta["line"] = "", []any{}, 1
	if b == nil {
		return meta
	}
	if err := ld.l.licenseClassifier(); err != nil {
		meta["error"] = map[string]any{"line": 0, "msg": "license classifier: " + err.Error()}
		return meta
	}
	res := ld.l.license.Match(b)
	matches := []any{}
	best := ""
	for _, m := range res.Matches {
		matches = append(matches, map[string]any{"spdx": m.Name, "type": m.MatchType, "confidence": m.Confidence,
			"start_line": m.StartLine, "end_line": m.EndLine})
		if best == "" && m.MatchType == "License" {
			best = m.Name
			meta["line"] = max(m.StartLine, 1)
		}
	}
	meta["spdx"], meta["matches"] = best, matches
	return meta
}
