package secrets

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"
)

// Finding is one committed secret. It locates the secret and names the rule
// that matched; it never holds the secret or the text around it.
type Finding struct {
	File        string
	Line        int // 1-based line of the start of the match
	Column      int // 1-based column, in characters, of the start of the match
	Rule        string
	Description string
	// Fingerprint is the hex SHA-256 of rule, file and secret, each followed
	// by a NUL byte: stable across runs, so a baseline can suppress a known
	// finding, without carrying the secret.
	Fingerprint string
}

// Scanner finds secrets in file content. Build it once with New; it holds
// only compiled, read-only rules, so one Scanner is safe for concurrent use.
type Scanner struct {
	rules        []rule
	placeholders []string
	name         *regexp.Regexp
	dottedIdent  *regexp.Regexp
	envName      *regexp.Regexp
}

// rule is a spec with its regex, compiled on the first Scan that finds one of
// the rule's keywords: a pre-commit run over a few files compiles only the
// rules those files could match.
type rule struct {
	ruleSpec
	re func() *regexp.Regexp
}

// New checks paved's curated rule set and prepares it for scanning. Rules are
// parsed here, so a bad pattern is an error from New, and compiled lazily.
func New() (*Scanner, error) {
	s := &Scanner{placeholders: placeholders()}
	var err error
	if s.name, err = regexp.Compile(namePattern); err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	if s.dottedIdent, err = regexp.Compile(dottedIdentPattern); err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	if s.envName, err = regexp.Compile(envNamePattern); err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	specs := defaultRules()
	for i, sp := range specs {
		// Parse reports every error Compile would, at a fraction of its
		// cost, so the lazy compile below cannot fail.
		re, err := syntax.Parse(sp.pattern, syntax.Perl)
		if err != nil {
			return nil, fmt.Errorf("secrets: rule %s: %w", sp.id, err)
		}
		if n := re.MaxCap(); sp.group > n {
			return nil, fmt.Errorf("secrets: rule %s: group %d of %d", sp.id, sp.group, n)
		}
		if sp.generic && i != len(specs)-1 {
			// generic findings yield to the specific ones found before them
			return nil, fmt.Errorf("secrets: rule %s: the generic rule must come last", sp.id)
		}
		s.rules = append(s.rules, rule{ruleSpec: sp, re: sync.OnceValue(func() *regexp.Regexp {
			return regexp.MustCompile(sp.pattern)
		})})
	}
	return s, nil
}

// Rules returns the IDs of the rules the scanner applies, in order.
func (s *Scanner) Rules() []string {
	ids := make([]string, len(s.rules))
	for i, r := range s.rules {
		ids[i] = r.id
	}
	return ids
}

// binarySniff is how much of a file is searched for a NUL byte to call it
// binary, as git does.
const binarySniff = 8000

// Scan returns the secrets in one file's content, ordered by position.
// Binary content (a NUL byte in its first 8,000 bytes) yields nothing. file
// is only copied into the findings and hashed into their fingerprints.
func (s *Scanner) Scan(file string, content []byte) []Finding {
	if bytes.IndexByte(content[:min(len(content), binarySniff)], 0) >= 0 {
		return nil
	}
	sc := scan{Scanner: s, file: file, content: content}
	for i := range s.rules {
		r := &s.rules[i]
		hay := content
		if r.fold {
			if sc.lower == nil {
				sc.lower = asciiLower(content)
			}
			hay = sc.lower
		}
		if r.generic {
			sc.generic(r, hay)
			continue
		}
		for _, w := range windows(hay, r.keywords, r.span) {
			for _, m := range r.re().FindAllSubmatchIndex(content[w[0]:w[1]], -1) {
				if m[2*r.group] >= 0 {
					sc.candidate(r, w[0]+m[0], w[0]+m[2*r.group], w[0]+m[2*r.group+1])
				}
			}
		}
	}
	slices.SortFunc(sc.findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Rule, b.Rule))
	})
	return sc.findings
}

// scan is the state of one Scan call.
type scan struct {
	*Scanner
	file     string
	content  []byte
	lower    []byte   // content with ASCII letters folded, made on first need
	claimed  [][2]int // secrets found by specific rules
	findings []Finding
	loc      locator
}

// generic runs the anchored generic rule from the end of every keyword: a
// name holding the keyword, an assignment, then the value.
func (sc *scan) generic(r *rule, hay []byte) {
	var seen []int // value offsets already reported, when a name holds two keywords
	for _, k := range r.keywords {
		kw := []byte(k)
		for from := 0; from < len(hay); {
			i := bytes.Index(hay[from:], kw)
			if i < 0 {
				break
			}
			p := from + i
			from = p + len(kw)
			end := len(hay)
			if e := bytes.IndexByte(hay[from:], '\n'); e >= 0 {
				end = from + e
			}
			rest := sc.content[from:end]
			if !bytes.ContainsAny(rest, ":=") {
				continue
			}
			m := r.re().FindSubmatchIndex(rest)
			if m == nil || slices.Contains(seen, from+m[2]) {
				continue
			}
			name, nameEnd := p, from
			for name > 0 && isNameByte(sc.content[name-1]) {
				name--
			}
			for nameEnd < end && isNameByte(sc.content[nameEnd]) {
				nameEnd++
			}
			if !sc.name.Match(sc.content[name:nameEnd]) {
				continue
			}
			if sc.candidate(r, name, from+m[2], from+m[3]) {
				seen = append(seen, from+m[2])
			}
		}
	}
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-'
}

// candidate filters one match, whose secret is content[start:end] and which
// is reported at offset at, and records a finding if it passes.
func (sc *scan) candidate(r *rule, at, start, end int) bool {
	secret := sc.content[start:end]
	if entropy(secret) <= r.entropy {
		return false
	}
	if r.allow != nil && r.allow(string(secret)) {
		return false
	}
	if r.generic {
		var next byte
		if end < len(sc.content) {
			next = sc.content[end]
		}
		if sc.genericAllowed(string(secret), next) || overlaps(sc.claimed, start, end) {
			return false
		}
	} else {
		sc.claimed = append(sc.claimed, [2]int{start, end})
	}
	line, col := sc.loc.at(sc.content, at)
	sc.findings = append(sc.findings, Finding{
		File:        sc.file,
		Line:        line,
		Column:      col,
		Rule:        r.id,
		Description: r.description,
		Fingerprint: fingerprint(r.id, sc.file, secret),
	})
	return true
}

// windows returns the merged byte ranges of hay where a rule's regex must
// run: each line holding a keyword, reaching span bytes past the line's start
// when span is set. Running the regex only there keeps a scan near the speed
// of bytes.Index for files without candidates.
func windows(hay []byte, keywords []string, span int) [][2]int {
	var ws [][2]int
	for _, k := range keywords {
		kw := []byte(k)
		for from := 0; from < len(hay); {
			i := bytes.Index(hay[from:], kw)
			if i < 0 {
				break
			}
			p := from + i
			start := bytes.LastIndexByte(hay[:p], '\n') + 1
			end := len(hay)
			if e := bytes.IndexByte(hay[p:], '\n'); e >= 0 {
				end = p + e
			}
			next := end
			if span > 0 {
				end = max(end, min(start+span, len(hay)))
				next = p + len(kw)
			}
			ws = append(ws, [2]int{start, end})
			from = next
		}
	}
	if len(ws) < 2 {
		return ws
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i][0] < ws[j][0] })
	merged := ws[:1]
	for _, w := range ws[1:] {
		last := &merged[len(merged)-1]
		if w[0] <= last[1] {
			last[1] = max(last[1], w[1])
			continue
		}
		merged = append(merged, w)
	}
	return merged
}

func overlaps(spans [][2]int, start, end int) bool {
	for _, s := range spans {
		if start < s[1] && s[0] < end {
			return true
		}
	}
	return false
}

// locator turns byte offsets into line and column, indexing newlines once
// on first use.
type locator struct {
	newlines []int
	built    bool
}

func (l *locator) at(content []byte, off int) (line, col int) {
	if !l.built {
		for i, c := range content {
			if c == '\n' {
				l.newlines = append(l.newlines, i)
			}
		}
		l.built = true
	}
	n := sort.SearchInts(l.newlines, off) // newlines before off
	start := 0
	if n > 0 {
		start = l.newlines[n-1] + 1
	}
	return n + 1, utf8.RuneCount(content[start:off]) + 1
}

func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// entropy is the Shannon entropy of b in bits per byte.
func entropy(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	var counts [256]int
	for _, c := range b {
		counts[c]++
	}
	var h float64
	n := float64(len(b))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

func fingerprint(rule, file string, secret []byte) string {
	h := sha256.New()
	h.Write([]byte(rule))
	h.Write([]byte{0})
	h.Write([]byte(file))
	h.Write([]byte{0})
	h.Write(secret)
	h.Write([]byte{0})
	return hex.EncodeToString(h.Sum(nil))
}
