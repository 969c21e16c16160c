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
	edge := []string{
		`api_key = "` + strings.Repeat("a", 10) + `"`,
		`api_key = "` + strings.Repeat("a", 9) + `"`,
		`my.token.name.is-long-too :::= ` + "`" + `abcdefghij0123`,
		`TOKEN  ' = 'abcdefghijklmno'`,
		`passwd => "Zq3_9xk2LmPq"`,
		`credential ?= abcdefghijklmnopqrstuv`,
		`secret,"12345678901234567890"`,
		`auth|| x0123456789abcdef0`,
		`key:\n  AbCdEfGhIjKlMnOp1234`,
		`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`,
		`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ`,
		`vault_token = "s.` + strings.Repeat("Ab1", 8) + `"`,
		`vault_token = "s.` + strings.Repeat("Ab1", 7) + `"`,
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
	if found == 0 {
		t.Fatal("no findings at all: the comparison proves nothing")
	}
}
