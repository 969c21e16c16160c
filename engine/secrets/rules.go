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
	"unicode"
	"unicode/utf8"
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
	id string
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
			id:        jr.ID,
			group:     jr.SecretGroup,
			entropy:   jr.Entropy,
			generic:   strings.HasPrefix(jr.ID, "generic"),
			prefilter: prefilters[jr.ID],
		}
		for _, k := range jr.Keywords {
			if k != "" {
				r.keywords = append(r.keywords, strings.ToLower(k))
			}
		}
		r.compiled = compileRule(jr.Regex, jr.SecretGroup, r.generic, r.keywords)
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
// and how far around a keyword hit a match may reach: the regex runs on the
// whole lines from before bytes ahead of the hit to after bytes past it. A
// regex that cannot match a line break needs only the hit's line.
type compiled struct {
	re            *regexp.Regexp
	before, after int
	// anywhere: a match need not hold any of the rule's keywords. gitleaks
	// only asks that one occur somewhere in the file, so the rule runs on
	// the whole file once one does.
	anywhere bool
}

func (r *rule) re() *regexp.Regexp { return r.compiled().re }

func compileRule(pattern string, group int, generic bool, keywords []string) func() compiled {
	return sync.OnceValue(func() compiled {
		parsed, err := syntax.Parse(pattern, syntax.Perl)
		if err != nil || group > parsed.MaxCap() {
			return compiled{}
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			return compiled{}
		}
		c := compiled{re: re, anywhere: len(keywords) > 0 && !holdsKeyword(parsed, keywords)}
		switch nl, unbounded := newlines(parsed); {
		case generic:
			// The generic rule's keywords (key, token, auth…) are on most
			// lines of real code, so its window is kept tight: its match
			// starts on the line of the keyword that begins its name and
			// reaches at most genericReach bytes past it before the value,
			// which cannot cross a line.
			c.after = genericReach
		case unbounded:
			c.before, c.after = multilineSpan, multilineSpan
		case nl:
			c.before, c.after = shortSpan, shortSpan
		}
		// Most matches begin a few bytes before a keyword, if not with it:
		// a name, an operator, then a value starting test_ or live_.
		if n, crosses, ok := keywordOffset(parsed, keywords); ok && c.before > 0 {
			if !crosses {
				n = 0
			}
			c.before = min(c.before, n)
		}
		return c
	})
}

const (
	// multilineSpan bounds a rule whose regex may run over any number of
	// lines (private keys): a 4096-bit RSA key in PEM is about 3.2 KiB.
	multilineSpan = 16 << 10
	// shortSpan bounds a rule whose regex may cross a few line breaks, such
	// as the [\s'"]{0,3} and [\x60'"\s=]{0,5} around an assignment.
	shortSpan = 512
	// genericReach: generic-api-key's keyword (at most "credential") is
	// followed by at most 20 name bytes, 3 quotes or spaces, a 4-byte
	// operator and 5 more quotes or spaces before the value starts.
	genericReach = len("credential") + 20 + 3 + 4 + 5
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

// holdsKeyword reports whether every match of re contains one of the
// keywords (lower case), ASCII case folded. When it does, a keyword hit
// locates the match and the regex need only run around hits; when it
// cannot tell, it answers false and the rule runs on the whole file.
func holdsKeyword(re *syntax.Regexp, keywords []string) bool {
	if strs, ok := expand(re); ok {
		return allHold(strs, keywords)
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return holdsKeyword(re.Sub[0], keywords)
	case syntax.OpRepeat:
		return re.Min >= 1 && holdsKeyword(re.Sub[0], keywords)
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !holdsKeyword(sub, keywords) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		subs := flatten(re.Sub)
		// An alternative in a sequence is tried branch by branch: the
		// keyword of "A(?:KIA|3T[A-Z0-9])" straddles the branch point.
		for i, sub := range subs {
			if sub.Op != syntax.OpAlternate || len(sub.Sub) > 16 {
				continue
			}
			if _, ok := expand(sub); ok {
				continue
			}
			for _, branch := range sub.Sub {
				seq := append(append(append([]*syntax.Regexp{}, subs[:i]...), branch), subs[i+1:]...)
				if !holdsKeyword(&syntax.Regexp{Op: syntax.OpConcat, Sub: seq}, keywords) {
					return false
				}
			}
			return true
		}
		// Runs of parts with a few spellings each (literals, small classes,
		// optional literals) are spelled out together, with the prefixes
		// of the part after the run and the suffixes of the one before, so
		// a keyword split across parts ("xox" [pe] "-") is still seen.
		run := []string{""}
		for _, sub := range subs {
			if strs, ok := expand(sub); ok {
				if run = cross(run, strs); run == nil {
					return false
				}
				continue
			}
			if holdsKeyword(sub, keywords) {
				return true
			}
			if edge := cross(run, affixes(sub, true)); edge != nil && allHold(edge, keywords) {
				return true
			}
			run = affixes(sub, false)
		}
		return allHold(run, keywords)
	}
	return false
}

// flatten inlines nested sequences and groups into one sequence.
func flatten(subs []*syntax.Regexp) []*syntax.Regexp {
	var out []*syntax.Regexp
	for _, s := range subs {
		switch {
		case s.Op == syntax.OpConcat:
			out = append(out, flatten(s.Sub)...)
		case s.Op == syntax.OpCapture && s.Sub[0].Op == syntax.OpConcat:
			out = append(out, flatten(s.Sub[0].Sub)...)
		default:
			out = append(out, s)
		}
	}
	return out
}

// affixes returns strings one of which every match of re begins with
// (prefix) or ends with; [""] when nothing is known.
func affixes(re *syntax.Regexp, prefix bool) []string {
	if strs, ok := expand(re); ok {
		return strs
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return affixes(re.Sub[0], prefix)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return affixes(re.Sub[0], prefix)
		}
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			out = append(out, affixes(sub, prefix)...)
		}
		if len(out) <= maxSpellings {
			return out
		}
	case syntax.OpConcat:
		subs := re.Sub
		out := []string{""}
		for i := range subs {
			sub := subs[i]
			if !prefix {
				sub = subs[len(subs)-1-i]
			}
			strs, ok := expand(sub)
			if !ok {
				strs = affixes(sub, prefix)
			}
			var next []string
			if prefix {
				next = cross(out, strs)
			} else {
				next = cross(strs, out)
			}
			if next == nil {
				return out
			}
			out = next
			if !ok {
				return out
			}
		}
		return out
	}
	return []string{""}
}

// keywordOffset bounds how far before a keyword a match of re starts: the
// most bytes the parts of its sequence before the first part that begins
// with a keyword can take, plus that part's keyword-holding prefix, and
// whether those parts can cross a line break. ok is false when no part
// begins with a keyword or a part before it is unbounded.
func keywordOffset(re *syntax.Regexp, keywords []string) (n int, crosses, ok bool) {
	subs := flatten([]*syntax.Regexp{re})
	for i, sub := range subs {
		if pre := affixes(&syntax.Regexp{Op: syntax.OpConcat, Sub: subs[i:]}, true); allHold(pre, keywords) {
			m := 0
			for _, p := range pre {
				m = max(m, len(p))
			}
			return n + m, crosses, true
		}
		m, bounded := maxLen(sub)
		if !bounded {
			return 0, false, false
		}
		nl, _ := newlines(sub)
		n, crosses = n+m, crosses || nl
	}
	return 0, false, false
}

// maxLen is the most bytes re can match, if bounded.
func maxLen(re *syntax.Regexp) (int, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0, true
	case syntax.OpLiteral:
		return len(string(re.Rune)), true
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return 0, true
		}
		return utf8.RuneLen(min(re.Rune[len(re.Rune)-1], unicode.MaxRune)), true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax, true
	case syntax.OpCapture:
		return maxLen(re.Sub[0])
	case syntax.OpQuest:
		return maxLen(re.Sub[0])
	case syntax.OpRepeat:
		m, ok := maxLen(re.Sub[0])
		return m * re.Max, ok && re.Max >= 0
	case syntax.OpConcat, syntax.OpAlternate:
		total := 0
		for _, sub := range re.Sub {
			m, ok := maxLen(sub)
			if !ok {
				return 0, false
			}
			if re.Op == syntax.OpConcat {
				total += m
			} else {
				total = max(total, m)
			}
		}
		return total, true
	}
	return 0, false
}

// maxSpellings bounds what expand and cross enumerate.
const maxSpellings = 256

// expand spells out, lower-cased, every string re matches when they are
// few and short: literals, small ASCII classes, optional and alternative
// parts, fixed small repeats, and empty-width assertions.
func expand(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true
	case syntax.OpLiteral:
		var b strings.Builder
		for _, r := range re.Rune {
			if r >= utf8.RuneSelf {
				return nil, false
			}
			b.WriteRune(unicode.ToLower(r))
		}
		return []string{b.String()}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1] >= utf8.RuneSelf || re.Rune[i+1]-re.Rune[i] > 8 {
				return nil, false
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if l := string(unicode.ToLower(r)); !slices.Contains(out, l) {
					out = append(out, l)
				}
			}
		}
		return out, len(out) > 0 && len(out) <= 16
	case syntax.OpCapture:
		return expand(re.Sub[0])
	case syntax.OpQuest:
		strs, ok := expand(re.Sub[0])
		return append(strs, ""), ok
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			strs, ok := expand(sub)
			if !ok || len(out)+len(strs) > maxSpellings {
				return nil, false
			}
			out = append(out, strs...)
		}
		return out, true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			strs, ok := expand(sub)
			if !ok {
				return nil, false
			}
			if out = cross(out, strs); out == nil {
				return nil, false
			}
		}
		return out, true
	case syntax.OpRepeat:
		if re.Min != re.Max || re.Min > 4 {
			return nil, false
		}
		strs, ok := expand(re.Sub[0])
		if !ok {
			return nil, false
		}
		out := []string{""}
		for range re.Min {
			if out = cross(out, strs); out == nil {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

// cross is every a followed by every b; nil past maxSpellings.
func cross(a, b []string) []string {
	if len(a)*len(b) > maxSpellings {
		return nil
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

func allHold(strs, keywords []string) bool {
	for _, s := range strs {
		if !slices.ContainsFunc(keywords, func(k string) bool { return strings.Contains(s, k) }) {
			return false
		}
	}
	return true
}

// placeholders are words that mark a value as a stand-in, not a secret
// (your-token-here, changeme, AKIA…EXAMPLE): a finding whose value holds
// one is reported in ContextPlaceholder.
func placeholders() []string {
	return []string{
		"example", "changeme", "change_me", "change-me", "placeholder", "dummy", "sample",
		"redacted", "your_", "your-", "yourtoken", "yourkey", "yoursecret", "xxxx",
		"insert", "replace", "fake",
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
