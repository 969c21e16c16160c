package secrets

import (
	"errors"
	"strings"
	"testing"
)

// A repository's .gitleaks.toml and .gitleaksignore make a finding they
// cover "allowed", reported and not live, naming the file; what they do
// not cover stays live, and a finding already in a test or fixture keeps
// that context.
func TestRepoConfig(t *testing.T) {
	s := newScanner(t)
	_, err := ParseGitleaksConfig(".gitleaks.toml", []byte("title = \"x\"\n\n[allowlist]\npaths = ['''a''']\n\n[[allowlists]]\nstopwords = [\"b\"]\n"))
	if err == nil || !strings.Contains(err.Error(), "[allowlist] is deprecated") || !strings.Contains(err.Error(), ".gitleaks.toml:3:") {
		t.Fatalf("[allowlist] with [[allowlists]]: %v", err)
	}
	cfg, err := ParseGitleaksConfig(".gitleaks.toml", []byte(`
[extend]
useDefault = true
disabledRules = ["slack-bot-token"]

[allowlist]
description = "the rule generators"
paths = ['''(^|/)cmd/generate/config/rules''']

[[rules]]
id = "github-pat"
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''SAMPLE_TOKEN''']

[[rules]]
id = "generic-api-key"
[rules.allowlist]
commits = ["0123abc"]
condition = "AND"
paths = ['''.*''']
`))
	if err != nil {
		t.Fatal(err)
	}
	cfg.AddGitleaksIgnore(".gitleaksignore", []byte("# reviewed\ndeploy/env.sh:github-pat:2\n0123abc:deploy/other.sh:github-pat:1\nnot an entry\n"))
	rs := s.In(cfg)
	tests := []struct {
		file, content string
		want          Context
		reason        string
	}{
		{"cmd/generate/config/rules/github.go", "tps := \"" + ghpLive + "\"\n", ContextAllowed, `.gitleaks.toml allowlists it ("the rule generators")`},
		{"pkg/app.go", "SAMPLE_TOKEN = \"" + ghpLive + "\"\n", ContextAllowed, ".gitleaks.toml allowlists it"},
		{"pkg/app.go", "token = \"" + ghpLive + "\"\n", ContextCode, ""},
		{"deploy/env.sh", "#!/bin/sh\nexport GH_TOKEN=" + ghpLive + "\n", ContextAllowed, ".gitleaksignore lists it"},
		{"deploy/env.sh", "export GH_TOKEN=" + ghpLive + "\n", ContextCode, ""},   // line 1, not 2
		{"deploy/other.sh", "export GH_TOKEN=" + ghpLive + "\n", ContextCode, ""}, // a commit's entry
		{"cmd/generate/config/rules/x_test.go", "t := \"" + ghpLive + "\"\n", ContextTest, "_test.go"},
	}
	for _, tt := range tests {
		got := rs.Scan(tt.file, []byte(tt.content))
		if len(got) != 1 {
			t.Fatalf("%s: %d findings, want 1: %+v", tt.file, len(got), got)
		}
		if got[0].Context != tt.want || !strings.Contains(got[0].ContextReason, tt.reason) {
			t.Errorf("%s %q: %s (%s), want %s (%s)", tt.file, tt.content[:12], got[0].Context, got[0].ContextReason, tt.want, tt.reason)
		}
		// The shared scanner is unchanged.
		if plain := s.Scan(tt.file, []byte(tt.content)); plain[0].Context == ContextAllowed {
			t.Errorf("%s: the scanner without the repository's config allows it", tt.file)
		}
	}
	// A commits check never holds in a tree scan, so the AND allowlist of
	// generic-api-key allows nothing.
	if c := cfg.covers("generic-api-key", "a.go", 1, []byte("x"), []byte("x"), []byte("x")); c != "" {
		t.Errorf("commits AND paths allowed a finding: %s", c)
	}
	if c := cfg.covers("slack-bot-token", "a.go", 1, nil, nil, nil); !strings.Contains(c, "disables gitleaks rule slack-bot-token") {
		t.Errorf("disabled rule: %q", c)
	}
}

func TestParseGitleaksConfigErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"[allowlist\npaths = []\n", "to end table name"},
		{"\n\n[allowlist]\npaths = ['''(unclosed''']\n", `.gitleaks.toml:4: allowlist 1: pattern "(unclosed" does not compile`},
		{"[allowlist]\ncondition = \"XOR\"\npaths = ['''a''']\n", `.gitleaks.toml:2: allowlist 1: allowlist condition "XOR"`},
		{"[allowlist]\nregexTarget = \"file\"\npaths = ['''a''']\n", `.gitleaks.toml:2: allowlist 1: allowlist regexTarget "file"`},
		{"[allowlist]\ndescription = \"empty\"\n", "at least one of commits, paths, regexes or stopwords"},
		{"[[rules]]\nid = \"x\"\n[[rules.allowlists]]\nregexes = ['''[''']\n", "rule x: pattern"},
		{"[allowlist]\npaths = \"not a list\"\n", ".gitleaks.toml"},
	}
	for _, tt := range tests {
		_, err := ParseGitleaksConfig(".gitleaks.toml", []byte(tt.src))
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want a ConfigError holding %q", tt.src, err, tt.want)
		}
	}
}

func FuzzParseGitleaksConfig(f *testing.F) {
	f.Add([]byte("[allowlist]\npaths = ['''testdata''']\n"))
	f.Add([]byte("[[allowlists]]\ntargetRules = [\"a\"]\nregexes = ['''x''']\nregexTarget = \"line\"\n[[rules]]\nid = \"a\"\n[rules.allowlist]\nstopwords = [\"b\"]\n"))
	f.Add([]byte("[extend]\ndisabledRules = [\"x\"]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseGitleaksConfig("f.toml", b)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		c.covers("a", "b", 1, b, b, b)
		c.AddGitleaksIgnore("i", b)
	})
}
