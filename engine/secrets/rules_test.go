package secrets

import (
	"regexp/syntax"
	"slices"
	"testing"
)

// holdsKeyword decides whether a rule may run around keyword hits only; a
// wrong yes loses findings, a wrong no only costs time.
func TestHoldsKeyword(t *testing.T) {
	tests := []struct {
		pattern  string
		keywords []string
		want     bool
	}{
		{`ghp_[0-9a-zA-Z]{36}`, []string{"ghp_"}, true},
		{`(?:ghu|ghs)_[0-9a-zA-Z]{36}`, []string{"ghu_", "ghs_"}, true},
		{`\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`, []string{"a3t", "akia", "asia", "abia", "acca"}, true},
		{`xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}`, []string{"xoxp-", "xoxe-"}, true},
		{`(?i)[\w.-]{0,50}?(?:access|auth|(?-i:[Aa]pi|API)|key|passw(?:or)?d|token)(?:[ \t\w.-]{0,20})=(\w{10,})`,
			[]string{"access", "auth", "api", "key", "passwd", "password", "token"}, true},
		{`(?i)(?:KEY|TOKEN)=\w+`, []string{"key", "token"}, true},
		// keyword in the name, not in the match
		{`\b(pat[[:alnum:]]{14}\.[a-f0-9]{64})\b`, []string{"airtable"}, false},
		// one branch without the keyword
		{`(?:sgp_[a-f0-9]{40}|[a-f0-9]{40})`, []string{"sgp_"}, false},
		// "." is any character, not the keyword's dot
		{`hooks.slack.com/services/\w+`, []string{"hooks.slack.com"}, false},
		// optional keyword
		{`(?:ghp_)?[0-9a-zA-Z]{36}`, []string{"ghp_"}, false},
		{`(?:ghp_)*[0-9a-zA-Z]{36}`, []string{"ghp_"}, false},
		// keyword only as a prefix of a longer one
		{`ghp[0-9]{10}`, []string{"ghp_"}, false},
	}
	for _, tt := range tests {
		re, err := syntax.Parse(tt.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := holdsKeyword(re, tt.keywords); got != tt.want {
			t.Errorf("holdsKeyword(%s, %v) = %v, want %v", tt.pattern, tt.keywords, got, tt.want)
		}
	}
}

// Every rule of the embedded set has a name of paved's, and names read as
// a noun phrase with its article.
func TestRuleKinds(t *testing.T) {
	s := newScanner(t)
	kinds := ruleKinds()
	for _, id := range append(s.Rules(), "pkcs12-file") {
		k, ok := kinds[id]
		if !ok {
			t.Errorf("rule %s has no kind in ruleKinds", id)
			continue
		}
		an := k[:3] == "an "
		if !an && k[:2] != "a " {
			t.Errorf("%s: kind %q has no article", id, k)
			continue
		}
		word := k[2:]
		if an {
			word = k[3:]
		}
		vowel := word[0] == 'a' || word[0] == 'e' || word[0] == 'i' || word[0] == 'o' || word[0] == 'u' ||
			word[0] == 'A' || word[0] == 'E' || word[0] == 'I' || word[0] == 'O' || word[0] == 'U'
		if vowel != an && id != "npm-access-token" {
			t.Errorf("%s: kind %q: article does not fit", id, k)
		}
	}
	for id := range kinds {
		if !slices.Contains(s.Rules(), id) && id != "pkcs12-file" {
			t.Errorf("ruleKinds names %s, which is not a rule", id)
		}
	}
}

// keywordOffset bounds how far before its keyword a match starts; a bound
// too small loses findings whose name sits on the line before the value.
func TestKeywordOffset(t *testing.T) {
	tests := []struct {
		pattern     string
		keywords    []string
		n           int
		crosses, ok bool
	}{
		{`-----BEGIN[ A-Z]{0,10}PRIVATE KEY-----[\s\S]+?-----END`, []string{"-----begin"}, 10, false, true},
		{`lob[ \t]{0,2}[\s'"]{0,3}=\s{0,2}((?:live|test)_[a-f0-9]{35})`, []string{"live_", "test_"}, 3 + 2 + 3 + 1 + 2 + 5, true, true},
		{`[\w.-]{0,50}?(?:token)=(\w{10,})`, []string{"token"}, 50 + 5, false, true},
		{`\b(pat[[:alnum:]]{14})`, []string{"airtable"}, 0, false, false},
		{`\w+\s*=\s*(ghp_\w{36})`, []string{"ghp_"}, 0, false, false},
	}
	for _, tt := range tests {
		re, err := syntax.Parse(tt.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		n, crosses, ok := keywordOffset(re, tt.keywords)
		if ok != tt.ok || ok && (n < tt.n || crosses != tt.crosses) {
			t.Errorf("keywordOffset(%s) = %d, %v, %v; want at least %d, %v, %v", tt.pattern, n, crosses, ok, tt.n, tt.crosses, tt.ok)
		}
	}
}
