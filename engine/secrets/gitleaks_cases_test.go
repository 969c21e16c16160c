package secrets

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// gitleaksCases are the true and false positives gitleaks' rule generator
// checks each rule against (testdata/gitleaks-cases.json.gz, made by
// testdata/gitleaks-cases/gen.sh). Every true positive carries the secrets
// gitleaks itself reports in it.
type gitleaksCases struct {
	Version string `json:"version"`
	Rules   []struct {
		Rule string `json:"rule"`
		TPs  []struct {
			Path    string   `json:"path"`
			Text    string   `json:"text"`
			Secrets []string `json:"secrets"`
		} `json:"tps"`
		FPs []struct {
			Path string `json:"path"`
			Text string `json:"text"`
		} `json:"fps"`
	} `json:"rules"`
}

func loadGitleaksCases(t testing.TB) gitleaksCases {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "gitleaks-cases.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var c gitleaksCases
	if err := json.NewDecoder(zr).Decode(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

// only returns a scanner that applies one rule of s, as gitleaks' generator
// validates a rule with a detector holding that rule alone.
func only(s *Scanner, id string) *Scanner {
	i := slices.IndexFunc(s.rules, func(r rule) bool { return r.id == id })
	if i < 0 {
		return nil
	}
	one := *s
	r := s.rules[i]
	r.keywordIDs = nil // newKeywordIndex rewrites them; keep s's intact
	one.rules = []rule{r}
	one.keywords = newKeywordIndex(one.rules)
	return &one
}

// TestGitleaksCases: every true positive of gitleaks' generator is found by
// its rule, the same secret gitleaks finds (the fingerprint hashes it); no
// false positive is reported by its own rule; no finding holds a secret.
func TestGitleaksCases(t *testing.T) {
	s := newScanner(t)
	cases := loadGitleaksCases(t)
	if cases.Version != s.Version() {
		t.Fatalf("cases from gitleaks %s, rules from %s: regenerate the cases", cases.Version, s.Version())
	}
	var tps, found, fps, pathOnly, noCompile, anyRule int
	covered := map[string]bool{}
	for _, rc := range cases.Rules {
		covered[rc.Rule] = true
		one := only(s, rc.Rule)
		if one == nil {
			if rc.Rule == "pkcs12-file" { // flags a file by name alone: Skipped.PathOnly
				pathOnly += len(rc.TPs)
				continue
			}
			t.Errorf("rule %s of the cases is not in the scanner", rc.Rule)
			continue
		}
		if one.rules[0].re() == nil {
			noCompile += len(rc.TPs)
			continue
		}
		for _, tp := range rc.TPs {
			tps++
			got := one.Scan(tp.Path, []byte(tp.Text))
			ok := true
			for _, secret := range tp.Secrets {
				want := fingerprint(rc.Rule, tp.Path, []byte(secret))
				if !slices.ContainsFunc(got, func(f Finding) bool { return f.Rule == rc.Rule && f.Fingerprint == want }) {
					ok = false
				}
			}
			if ok {
				found++
			} else {
				t.Errorf("%s: true positive not found: %q: got %v", rc.Rule, tp.Text, got)
			}
			all := s.Scan(tp.Path, []byte(tp.Text))
			if len(all) > 0 {
				anyRule++
			} else {
				t.Errorf("%s: the full scanner finds nothing in %q", rc.Rule, tp.Text)
			}
			for _, f := range append(got, all...) {
				for _, secret := range tp.Secrets {
					assertNoSecret(t, f, secret)
				}
			}
		}
		for _, fp := range rc.FPs {
			fps++
			for _, f := range one.Scan(fp.Path, []byte(fp.Text)) {
				t.Errorf("%s: false positive reported: %q at %d:%d", rc.Rule, fp.Text, f.Line, f.Column)
			}
		}
	}
	if tps < 5000 || fps < 300 {
		t.Fatalf("%d true and %d false positives: the cases file lost some", tps, fps)
	}
	var untested []string
	for _, id := range s.Rules() {
		if !covered[id] {
			untested = append(untested, id)
		}
	}
	t.Logf("gitleaks %s: %d/%d true positives found by their rule (%d by the full scanner); skipped: %d of a path-only rule, %d of rules Go cannot compile; %d false positives, none reported; rules without cases: %v",
		cases.Version, found, tps, anyRule, pathOnly, noCompile, fps, untested)
}

// The prefilters skip work only: on gitleaks' cases too (every rule's, as
// generic-api-key's prefilter sees other rules' secrets), each rule with a
// prefilter finds the same with and without it.
func TestPrefiltersGitleaksCases(t *testing.T) {
	s := newScanner(t)
	var texts []struct{ path, text string }
	for _, rc := range loadGitleaksCases(t).Rules {
		for _, tp := range rc.TPs {
			texts = append(texts, struct{ path, text string }{tp.Path, tp.Text})
		}
		for _, fp := range rc.FPs {
			texts = append(texts, struct{ path, text string }{fp.Path, fp.Text})
		}
	}
	for id := range prefilters {
		with := only(s, id)
		without := only(s, id)
		without.rules[0].prefilter = nil
		n := 0
		for _, x := range texts {
			a, b := with.Scan(x.path, []byte(x.text)), without.Scan(x.path, []byte(x.text))
			n += len(b)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s: %q: with its prefilter %v, without %v", id, x.text, a, b)
			}
		}
		if n == 0 {
			t.Errorf("%s: no findings: the comparison proves nothing", id)
		}
	}
}
