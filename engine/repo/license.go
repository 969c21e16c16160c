package repo

import (
	"fmt"
	"path"

	classifier "github.com/google/licenseclassifier/v2"
	"github.com/google/licenseclassifier/v2/assets"
)

// commonLicenses are the licences nearly every repository carries. A
// classifier loaded with only these builds in milliseconds; the full
// embedded database (hundreds of licences) takes about a second, so it is
// built only when a LICENSE matches none of these.
var commonLicenses = []string{
	"Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MPL-2.0", "Unlicense", "BSD-0-Clause",
}

// licenseThreshold is the classifier's default confidence.
const licenseThreshold = 0.8

// commonVariants are the text variants the classifier's assets keep per
// licence; the assets list no directory but the root, so they are named.
var commonVariants = []string{"pristine.txt", "license.txt"}

// extraVariants are further texts worth their build time: most Apache-2.0
// LICENSE files carry the appendix, which the pristine text lacks.
var extraVariants = map[string][]string{"Apache-2.0": {"a.txt"}}

// commonClassifier builds a classifier for commonLicenses once per Loader.
func (l *Loader) commonClassifier() (*classifier.Classifier, error) {
	l.commonOnce.Do(func() {
		c := classifier.NewClassifier(licenseThreshold)
		for _, name := range commonLicenses {
			loaded := 0
			for _, v := range commonVariants {
				b, err := assets.ReadLicenseFile(path.Join("License", name, v))
				if err != nil {
					continue // not every licence has every variant
				}
				c.AddContent("License", name, v, b)
				loaded++
				break // one text per licence: each costs build time
			}
			for _, v := range extraVariants[name] {
				if b, err := assets.ReadLicenseFile(path.Join("License", name, v)); err == nil {
					c.AddContent("License", name, v, b)
				}
			}
			if loaded == 0 {
				l.commonErr = fmt.Errorf("no text for %s in the classifier's assets", name)
				return
			}
		}
		l.common = c
	})
	return l.common, l.commonErr
}

// fullClassifier builds licenseclassifier's whole embedded database once per
// Loader, and only for a LICENSE no common licence matches.
func (l *Loader) fullClassifier() (*classifier.Classifier, error) {
	l.licenseOnce.Do(func() { l.license, l.licenseErr = assets.DefaultClassifier() })
	return l.license, l.licenseErr
}

// license detects the SPDX id of the LICENSE file. spdx is the best
// "License" match ("" when nothing matched well enough); matches lists
// every match with its confidence and lines.
func (ld *load) license(rel string) any {
	meta, b := ld.known(rel)
	meta["spdx"], meta["matches"], meta["line"], meta["classified"] = "", []any{}, 1, true
	if !ld.inScope(rel) {
		meta["classified"] = false // out of a commit's scope: unchanged, not judged again
		return meta
	}
	if b == nil {
		return meta
	}
	var res classifier.Results
	for _, get := range []func() (*classifier.Classifier, error){ld.l.commonClassifier, ld.l.fullClassifier} {
		c, err := get()
		if err != nil {
			meta["error"] = map[string]any{"line": 0, "msg": "license classifier: " + err.Error()}
			return meta
		}
		res = c.Match(b)
		if hasLicense(res) {
			break
		}
	}
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

func hasLicense(res classifier.Results) bool {
	for _, m := range res.Matches {
		if m.MatchType == "License" {
			return true
		}
	}
	return false
}
