package secrets

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
)

// gitleaksRules is gitleaks' maintained default configuration converted to
// JSON by scripts/gen-secret-rules.py (see gitleaks-rules.README.md).
//
//go:embed gitleaks-rules.json
var gitleaksRules []byte

type jsonAllowlist struct {
	Condition   string   `json:"condition"`
	RegexTarget string   `json:"regexTarget"`
	Regexes     []string `json:"regexes"`
	Stopwords   []string `json:"stopwords"`
	Paths       []string `json:"paths"`
}

type jsonRule struct {
	ID          string          `json:"id"`
	Description string          `json:"description"`
	Regex       string          `json:"regex"`
	SecretGroup int             `json:"secretGroup"`
	Entropy     float64         `json:"entropy"`
	Path        string          `json:"path"`
	Keywords    []string        `json:"keywords"`
	Allowlists  []jsonAllowlist `json:"allowlists"`
}

type jsonConfig struct {
	Version   string        `json:"version"`
	Allowlist jsonAllowlist `json:"allowlist"`
	Rules     []jsonRule    `json:"rules"`
}

// rule is one gitleaks rule, ready to scan. Its regular expressions are
// compiled on first use: the rule's own on the first Scan that meets one of
// its keywords, its allowlists' on its first candidate.
type rule struct {
	id          string
	description string
	// keywords prefilter the ASCII-folded content: the regex runs only near
	// them. A rule without keywords runs on every file.
	keywords   []string
	keywordIDs []int // into the scanner's keywordIndex
	// prefilter, for a few very common keywords, is a necessary condition
	// of the regex at one keyword hit (see prefilters).
	prefilter func(lower []byte, p, kwLen int) bool
	// group is the submatch holding the secret; 0 means the first non-empty
	// group, or the whole match if the regex has none (gitleaks' rule).
	group int
	// entropy is the Shannon entropy, in bits per byte, the secret must
	// exceed; 0 disables the check.
	entropy float64
	// generic marks catch-all rules: their findings yield to a specific
	// rule's finding on the same text.
	generic bool
	// compiled holds the regex and its span, made on the rule's first
	// keyword hit.
	compiled func() compiled
	path     func() *regexp.Regexp // nil: any file
	allow    []*allowlist
}

// allowlist is a gitleaks allowlist: a candidate matching it is dropped.
type allowlist struct {
	and       bool   // every configured check must match, not any
	target    string // what regexes test: "secret" (default), "match" or "line"
	regexes   func() []*regexp.Regexp
	stopwords []string // lower case; the secret must not contain one
	paths     func() []*regexp.Regexp
}

func newAllowlist(a jsonAllowlist) *allowlist {
	return &allowlist{
		and:       strings.EqualFold(a.Condition, "AND"),
		target:    a.RegexTarget,
		regexes:   lazyRegexps(a.Regexes),
		stopwords: a.Stopwords,
		paths:     lazyRegexps(a.Paths),
	}
}

// lazyRegexps compiles patterns on first call; one Go cannot compile is
// dropped (all of gitleaks' allowlist and path patterns compile today:
// TestAllowlistsCompile).
func lazyRegexps(patterns []string) func() []*regexp.Regexp {
	return sync.OnceValue(func() []*regexp.Regexp {
		out := make([]*regexp.Regexp, 0, len(patterns))
		for _, p := range patterns {
			if re, err := regexp.Compile(p); err == nil {
				out = append(out, re)
			}
		}
		return out
	})
}

// allowed reports whether the allowlist drops a candidate.
func (a *allowlist) allowed(file string, secret, match, line []byte) bool {
	var checks, hits int
	if ps := a.paths(); len(ps) > 0 {
		checks++
		if file != "" && slices.ContainsFunc(ps, func(re *regexp.Regexp) bool { return re.MatchString(file) }) {
			hits++
		}
	}
	if res := a.regexes(); len(res) > 0 {
		checks++
		target := secret
		switch a.target {
		case "match":
			target = match
		case "line":
			target = line
		}
		if slices.ContainsFunc(res, func(re *regexp.Regexp) bool { return re.Match(target) }) {
			hits++
		}
	}
	if len(a.stopwords) > 0 {
		checks++
		lower := strings.ToLower(string(secret))
		if slices.ContainsFunc(a.stopwords, func(w string) bool { return strings.Contains(lower, w) }) {
			hits++
		}
	}
	if checks == 0 {
		return false
	}
	if a.and {
		return hits == checks
	}
	return hits > 0
}

// Skipped counts the gitleaks rules New could not use.
type Skipped struct {
	PathOnly int // rules that flag a file by its name alone
}

// loadRules decodes the embedded gitleaks rules. Regexes are neither parsed
// nor compiled here: most rules never meet one of their keywords, and every
// repository run would pay for compiling them all. A rule's regex compiles, and
// its span is worked out, on its first keyword hit.
func loadRules() (rules []rule, global *allowlist, version string, skipped Skipped, err error) {
	var cfg jsonConfig
	if err := json.Unmarshal(gitleaksRules, &cfg); err != nil {
		return nil, nil, "", skipped, fmt.Errorf("secrets: gitleaks rules: %w", err)
	}
	var generic []rule
	for _, jr := range cfg.Rules {
		if jr.Regex == "" {
			skipped.PathOnly++
			continue
		}
		r := rule{
			id:          jr.ID,
			description: jr.Description,
			group:       jr.SecretGroup,
			entropy:     jr.Entropy,
			generic:     strings.HasPrefix(jr.ID, "generic"),
			prefilter:   prefilters[jr.ID],
		}
		r.compiled = compileRule(jr.Regex, jr.SecretGroup, r.generic)
		for _, k := range jr.Keywords {
			if k != "" {
				r.keywords = append(r.keywords, strings.ToLower(k))
			}
		}
		if jr.Path != "" {
			path := lazyRegexps([]string{jr.Path})
			r.path = func() *regexp.Regexp {
				if ps := path(); len(ps) == 1 {
					return ps[0]
				}
				return nil
			}
		}
		for _, a := range jr.Allowlists {
			r.allow = append(r.allow, newAllowlist(a))
		}
		if r.generic {
			generic = append(generic, r)
		} else {
			rules = append(rules, r)
		}
	}
	// generic findings yield to the specific ones found before them
	rules = append(rules, generic...)
	return rules, newAllowlist(cfg.Allowlist), cfg.Version, skipped, nil
}

// compiled is a rule's regex, nil when Go cannot compile it or its secret
// group does not exist (no rule of the embedded set: TestEveryRuleCompiles),
// and its span: how many bytes past the start of a keyword's line a match
// may reach; 0 means the match ends on that line.
type compiled struct {
	re   *regexp.Regexp
	span int
}

func (r *rule) re() *regexp.Regexp { return r.compiled().re }
func (r *rule) span() int          { return r.compiled().span }

func compileRule(pattern string, group int, generic bool) func() compiled {
	return sync.OnceValue(func() compiled {
		parsed, err := syntax.Parse(pattern, syntax.Perl)
		if err != nil || group > parsed.MaxCap() {
			return compiled{}
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			return compiled{}
		}
		switch nl, unbounded := newlines(parsed); {
		case generic:
			// The generic rule's keywords (key, token, auth…) are on most
			// lines of real code: searching past the line would slow every
			// scan for assignments that are one line in practice.
		case unbounded:
			return compiled{re: re, span: multilineSpan}
		case nl:
			return compiled{re: re, span: shortSpan}
		}
		return compiled{re: re}
	})
}

const (
	// multilineSpan bounds a rule whose regex may run over any number of
	// lines (private keys): a 4096-bit RSA key in PEM is about 3.2 KiB.
	multilineSpan = 16 << 10
	// shortSpan bounds a rule whose regex may cross a few line breaks, such
	// as generic-api-key's [\s'"]{0,3} around the assignment.
	shortSpan = 512
)

// newlines reports whether re can match a newline, and whether it can match
// an unbounded run of text that holds newlines.
func newlines(re *syntax.Regexp) (nl, unbounded bool) {
	switch re.Op {
	case syntax.OpAnyChar:
		return true, false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
				return true, false
			}
		}
		return false, false
	case syntax.OpLiteral:
		return slices.Contains(re.Rune, '\n'), false
	}
	for _, sub := range re.Sub {
		n, u := newlines(sub)
		if n && (re.Op == syntax.OpStar || re.Op == syntax.OpPlus || re.Op == syntax.OpRepeat && (re.Max < 0 || re.Max > 64)) {
			u = true
		}
		nl, unbounded = nl || n, unbounded || u
	}
	return nl, unbounded
}

// placeholders are words that mark a value as documentation, not a secret:
// paved's own allowlist, applied to every rule on top of gitleaks'.
func placeholders() []string {
	return []string{
		"example", "changeme", "change_me", "placeholder", "dummy", "sample",
		"redacted", "your_", "your-", "xxxxxxxx", "insert", "replace",
	}
}

const (
	dottedIdentPattern = `^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$`
	envNamePattern     = `^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$`
)

// genericAllowed filters the generic rules' candidates beyond gitleaks'
// allowlists: references to variables, paths and values without both
// letters and digits (real random secrets nearly always mix them).
func (s *Scanner) genericAllowed(value string, next byte) bool {
	if next == '(' { // a function call, not a literal
		return true
	}
	if value[0] == '/' || value[0] == '.' || strings.Contains(value, "://") {
		return true
	}
	if s.dottedIdent().MatchString(value) || s.envName().MatchString(value) {
		return true
	}
	var letter, digit bool
	for i := 0; i < len(value); i++ {
		c := value[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letter = true
		}
	}
	return !letter || !digit
}

// isPlaceholder reports whether a secret holds one of paved's placeholder
// words (AWS's documented AKIA…EXAMPLE keys among them).
func (s *Scanner) isPlaceholder(secret []byte) bool {
	lower := strings.ToLower(string(secret))
	return slices.ContainsFunc(s.placeholders, func(p string) bool { return strings.Contains(lower, p) })
}
