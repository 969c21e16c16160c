package secrets

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"regexp"
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
// only read-only rules whose regexes compile once, on first use, so one
// Scanner is safe for concurrent use.
type Scanner struct {
	rules        []rule
	global       *allowlist
	version      string
	skipped      Skipped
	placeholders []string
	dottedIdent  func() *regexp.Regexp
	envName      func() *regexp.Regexp
	keywords     *keywordIndex
}

// New decodes gitleaks' default rule set and prepares it for scanning. Rules
// compile lazily, on their first keyword hit; a rule that flags files by
// name alone is skipped and counted (see Skipped), and one whose regex Go
// cannot compile finds nothing (every rule compiles today:
// TestEveryRuleCompiles).
func New() (*Scanner, error) {
	rules, global, version, skipped, err := loadRules()
	if err != nil {
		return nil, err
	}
	return &Scanner{
		rules:        rules,
		global:       global,
		version:      version,
		skipped:      skipped,
		placeholders: placeholders(),
		keywords:     newKeywordIndex(rules),
		dottedIdent:  sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(dottedIdentPattern) }),
		envName:      sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(envNamePattern) }),
	}, nil
}

// Rules returns the IDs of the rules the scanner applies, in order.
func (s *Scanner) Rules() []string {
	ids := make([]string, len(s.rules))
	for i, r := range s.rules {
		ids[i] = r.id
	}
	return ids
}

// Version is the gitleaks release the rules come from.
func (s *Scanner) Version() string { return s.version }

// Skipped counts the gitleaks rules the scanner does not apply.
func (s *Scanner) Skipped() Skipped { return s.skipped }

// binarySniff is how much of a file is searched for a NUL byte to call it
// binary, as git does.
const binarySniff = 8000

// Scan returns the secrets in one file's content, ordered by position.
// Binary content (a NUL byte in its first 8,000 bytes) and files gitleaks'
// global allowlist skips (go.sum, lock files, vendored code...) yield
// nothing. file is matched against path allowlists, copied into the findings
// and hashed into their fingerprints.
func (s *Scanner) Scan(file string, content []byte) []Finding {
	if len(content) == 0 || bytes.IndexByte(content[:min(len(content), binarySniff)], 0) >= 0 {
		return nil
	}
	if file != "" && slices.ContainsFunc(s.global.paths(), func(re *regexp.Regexp) bool { return re.MatchString(file) }) {
		return nil
	}
	sc := scan{Scanner: s, file: file, content: content, lower: asciiLower(content)}
	hits := s.keywords.find(sc.lower)
	for i := range s.rules {
		r := &s.rules[i]
		if r.path != nil {
			if re := r.path(); re == nil || file == "" || !re.MatchString(file) {
				continue // nil: a path Go cannot compile matches no file
			}
		}
		var ws [][2]int
		if len(r.keywords) == 0 {
			ws = [][2]int{{0, len(content)}}
		} else {
			ws = windows(sc.lower, r, hits)
			if pf := r.prefilter; pf != nil {
				ws = filterWindows(ws, sc.lower, r, hits, pf)
			}
		}
		if len(ws) > 0 && r.re() == nil {
			continue // Go cannot compile it
		}
		for _, w := range ws {
			// Most windows are near misses; a match test without capture
			// groups is several times cheaper than finding submatches.
			if !r.re().Match(content[w[0]:w[1]]) {
				continue
			}
			for _, m := range r.re().FindAllSubmatchIndex(content[w[0]:w[1]], -1) {
				g := r.group
				if g == 0 {
					for j := 1; 2*j < len(m); j++ {
						if m[2*j] >= 0 && m[2*j+1] > m[2*j] {
							g = j
							break
						}
					}
				}
				if m[2*g] < 0 || m[2*g+1] == m[2*g] {
					continue
				}
				sc.candidate(r, w[0]+m[0], w[0]+m[1], w[0]+m[2*g], w[0]+m[2*g+1])
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
	lower    []byte   // content with ASCII letters folded
	claimed  [][2]int // secrets found by specific rules
	findings []Finding
	loc      locator
}

// candidate filters one match, content[at:matchEnd] whose secret is
// content[start:end], and records a finding if it passes.
func (sc *scan) candidate(r *rule, at, matchEnd, start, end int) bool {
	secret := sc.content[start:end]
	if r.entropy > 0 && entropy(secret) <= r.entropy {
		return false
	}
	if sc.isPlaceholder(secret) {
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
	}
	match := sc.content[at:matchEnd]
	lineStart := bytes.LastIndexByte(sc.content[:at], '\n') + 1
	lineEnd := len(sc.content)
	if e := bytes.IndexByte(sc.content[matchEnd:], '\n'); e >= 0 {
		lineEnd = matchEnd + e
	}
	line := sc.content[lineStart:lineEnd]
	if sc.global.allowed("", secret, match, line) {
		return false
	}
	for _, a := range r.allow {
		if a.allowed(sc.file, secret, match, line) {
			return false
		}
	}
	if !r.generic {
		sc.claimed = append(sc.claimed, [2]int{start, end})
	}
	l, col := sc.loc.at(sc.content, at)
	sc.findings = append(sc.findings, Finding{
		File:        sc.file,
		Line:        l,
		Column:      col,
		Rule:        r.id,
		Description: r.description,
		Fingerprint: fingerprint(r.id, sc.file, secret),
	})
	return true
}

// windows returns the merged byte ranges of hay where a rule's regex must
// run: each line holding one of its keywords (hits, by keyword id), reaching
// span bytes past the line's start when span is set. Running the regex only
// there keeps a scan near the speed of the keyword search for files without
// candidates.
func windows(hay []byte, r *rule, hits [][]int) [][2]int {
	var ws [][2]int
	span := -1 // known on the first hit: it compiles the rule
	for _, id := range r.keywordIDs {
		if len(hits[id]) > 0 && span < 0 {
			span = r.span()
		}
		lineEnd := -1 // the end of the line of the last hit, to skip the rest of it
		for _, p := range hits[id] {
			if span == 0 && p < lineEnd {
				continue
			}
			start := bytes.LastIndexByte(hay[:p], '\n') + 1
			end := len(hay)
			if e := bytes.IndexByte(hay[p:], '\n'); e >= 0 {
				end = p + e
			}
			lineEnd = end
			if span > 0 {
				end = max(end, min(start+span, len(hay)))
			}
			ws = append(ws, [2]int{start, end})
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

// filterWindows keeps the windows holding a keyword hit that passes the
// rule's prefilter.
func filterWindows(ws [][2]int, lower []byte, r *rule, hits [][]int, pf func([]byte, int, int) bool) [][2]int {
	out := ws[:0]
	for _, w := range ws {
		keep := false
		for j, id := range r.keywordIDs {
			kwLen := len(r.keywords[j])
			ps := hits[id]
			for k, _ := slices.BinarySearch(ps, w[0]); k < len(ps) && ps[k] < w[1]; k++ {
				if pf(lower, ps[k], kwLen) {
					keep = true
					break
				}
			}
			if keep {
				break
			}
		}
		if keep {
			out = append(out, w)
		}
	}
	return out
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
