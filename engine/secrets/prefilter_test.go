package secrets

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The prefilters only skip work: a scanner without them finds exactly the
// same secrets, on the synthetic tree, the fixtures and near misses made to
// sit right at each prefilter's bounds.
func TestPrefiltersLoseNothing(t *testing.T) {
	with := newScanner(t)
	without := newScanner(t)
	n := 0
	for i := range without.rules {
		if without.rules[i].prefilter != nil {
			n++
		}
		without.rules[i].prefilter = nil
	}
	if n != len(prefilters) {
		t.Fatalf("%d rules have a prefilter, want %d: a rule id in prefilters is not in the rule set", n, len(prefilters))
	}
	files := syntheticTree()
	// Values of twelve distinct bytes: the shortest the generic rule's
	// entropy bound (3.5 bits) lets through.
	const v12 = "Zq3x9Lm2Pk7W"
	edge := []string{
		`api_key = "` + v12 + `"`,
		`api_key_with_a_long_name.x-y = "` + v12 + `"`,
		`my.token.name.is-long-too :::= ` + "`" + v12,
		`TOKEN  ' = '` + v12 + `'`,
		`passwd => "` + v12 + `"`,
		`credential ?= "'  ` + v12,
		`secret,"` + v12 + `"`,
		`auth|| ` + v12,
		`key:` + "\n" + `  ` + v12,
		// Split so this file holds no secret itself (TestOwnSourcesClean).
		"ey" + "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + "ey" + "JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
		"ey" + "JhbGciOiJIUzI1NiI." + "ey" + "JzdWIiOiIxMjM0NTY3.",
		"ey" + "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 " + "ey" + "JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ",
		`vault_token = "s.` + `Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8"`,
		`vault_token = "s.` + `Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op"`,
	}
	for i, e := range edge {
		files[filepath.Join("edge", string(rune('a'+i))+".txt")] = []byte(e + "\n")
	}
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, f := range fixtures {
		if b, err := os.ReadFile(f); err == nil {
			files[f] = b
		}
	}
	found := 0
	for name, c := range files {
		a, b := with.Scan(name, c), without.Scan(name, c)
		found += len(b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: with prefilters %v, without %v", name, a, b)
		}
	}
	edgeFound := 0
	for name, c := range files {
		if strings.HasPrefix(name, "edge") {
			edgeFound += len(without.Scan(name, c))
		}
	}
	if found == 0 || edgeFound < len(edge)/2 {
		t.Fatalf("%d findings, %d at the edges: the comparison proves too little", found, edgeFound)
	}
}
