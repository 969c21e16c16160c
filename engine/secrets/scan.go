package secrets

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Finding is one committed secret. It locates the secret, names the rule
// that matched and what the secret is, and says what its place and value
// make of it; it never holds the secret or the text around it.
type Finding struct {
	File   string
	Line   int // 1-based line of the start of the match
	Column int // 1-based column, in characters, of the start of the match
	Rule   string
	// Kind is what the secret is, with its article: "a GitHub personal
	// access token", "an AWS access key ID".
	Kind string
	// Context is what its place and value make of it (see Context), and
	// ContextReason the evidence, a phrase to quote; "" for ContextCode.
	Context       Context
	ContextReason string
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
	kinds        map[string]string
	testVectors  map[string]string
	dottedIdent  func() *regexp.Regexp
	envName      func() *regexp.Regexp
	keywords     *keywordIndex
	// repo is the scanned repository's own gitleaks configuration (In).
	repo *RepoConfig
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
		kinds:        ruleKinds(),
		testVectors:  testVectors(),
		keywords:     newKeywordIndex(rules),
		dottedIdent:  sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(dottedIdentPattern) }),
		envName:      sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(envNamePattern) }),
	}, nil
}

// In returns a scanner for one repository whose gitleaks configuration
// is c: what c allowlists or ignores, and would otherwise look live, is
// reported in ContextAllowed. The copy shares s's rules; nil c is s.
func (s *Scanner) In(c *RepoConfig) *Scanner {
	if c == nil {
		return s
	}
	cp := *s
	cp.repo = c
	return &cp
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
	sc := scan{Scanner: s, file: file, content: content, lower: asciiLower(content), lockFile: isLockFile(file)}
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
				start, end := w[0]+m[2*g], w[0]+m[2*g+1]
				if g == 0 {
					// A whole match is the secret without the line breaks a
					// regex may take in at its ends, as gitleaks has it.
					for start < end && content[start] == '\n' {
						start++
					}
					for end > start && content[end-1] == '\n' {
						end--
					}
				}
				sc.candidate(r, w[0]+m[0], w[0]+m[1], start, end)
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
	lockFile bool     // see isLockFile
	findings []Finding
	loc      locator
}

// candidate filters one match, content[at:matchEnd] whose secret is
// content[start:end], and records a finding if it passes.
func (sc *scan) candidate(r *rule, at, matchEnd, start, end int) bool {
	secret := sc.content[start:end]
	for matchEnd > max(at, end) && sc.content[matchEnd-1] == '\n' {
		matchEnd-- // the line break a match may end with is not its line's
	}
	if r.entropy > 0 && entropy(secret) <= r.entropy {
		return false
	}
	if r.generic {
		var next byte
		if end < len(sc.content) {
			next = sc.content[end]
		}
		if sc.genericAllowed(string(secret), next) || overlaps(sc.claimed, start, end) || sc.lockFile {
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
	ctx, why := sc.classify(sc.file, secret, line)
	if ctx == ContextCode && sc.repo != nil {
		if r := sc.repo.covers(r.id, sc.file, l, secret, match, line); r != "" {
			ctx, why = ContextAllowed, r
		}
	}
	sc.findings = append(sc.findings, Finding{
		File:          sc.file,
		Line:          l,
		Column:        col,
		Rule:          r.id,
		Kind:          sc.kind(r.id),
		Context:       ctx,
		ContextReason: why,
		Fingerprint:   fingerprint(r.id, sc.file, secret),
	})
	return true
}

// windows returns the merged byte ranges of hay where a rule's regex must
// run: the whole lines around each of its keywords' hits (hits, by keyword
// id; for a rule with a prefilter, the hits that pass it) that a match
// holding the hit can reach, or the whole file for a rule
// whose match need not hold a keyword. Running the regex only there keeps
// a scan near the speed of the keyword search for files without
// candidates. A window ends after its last line's newline, so anchors and
// classes at its end see what they would in the whole file.
func windows(hay []byte, r *rule, hits [][]int) [][2]int {
	var ws [][2]int
	var c compiled
	known := false // compiled on the first hit
	for j, id := range r.keywordIDs {
		if len(hits[id]) == 0 {
			continue
		}
		if !known {
			c, known = r.compiled(), true
			if c.anywhere {
				return [][2]int{{0, len(hay)}}
			}
		}
		lineEnd := -1 // the end of the last window, to skip the other hits on its line
		for _, p := range hits[id] {
			if c.before == 0 && c.after == 0 && p < lineEnd {
				continue
			}
			// A match holds a hit where the prefilter holds; only those
			// hits need a window.
			if r.prefilter != nil && !r.prefilter(hay, p, len(r.keywords[j])) {
				continue
			}
			start := bytes.LastIndexByte(hay[:max(p-c.before, 0)], '\n') + 1
			end := endOfLine(hay, p)
			if c.after > 0 && (!r.generic || assignmentOpen(hay[p+len(r.keywords[j]):end])) {
				end = endOfLine(hay, min(p+c.after, len(hay)))
			}
			lineEnd = end
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
		if w[0] < last[1] { // overlapping: lines side by side stay apart, their regex runs are as cheap
			last[1] = max(last[1], w[1])
			continue
		}
		merged = append(merged, w)
	}
	return merged
}

// endOfLine is the offset after the newline that ends the line holding
// hay[p], or len(hay).
func endOfLine(hay []byte, p int) int {
	if e := bytes.IndexByte(hay[p:], '\n'); e >= 0 {
		return p + e + 1
	}
	return len(hay)
}

// assignmentOpen reports whether the rest of a line after a generic
// keyword can lead to a value on a later line. Between its keyword and the
// value the generic regex allows [ \t\w.-]{0,20}[\s'"]{0,3}, an operator
// of at most 4 bytes and [\x60'"\s=]{0,5}, and the value cannot cross a
// line break; so the line must end within those, which this checks loosely
// (it may say yes when the regex cannot match, never no when it can).
func assignmentOpen(tail []byte) bool {
	tail = bytes.TrimRight(tail, "\r\n")
	k := 0
	for k < len(tail) && k < 20 && (isAlnum(tail[k]) || bytes.IndexByte([]byte("_.- \t"), tail[k]) >= 0) {
		k++
	}
	q := k
	for q < len(tail) && q-k < 3 && isQuoteOrSpace(tail[q]) {
		q++
	}
	if rest := tail[q:]; len(rest) > 9 {
		return false
	}
	for _, c := range tail[q:] {
		if !isOperator(c) && !isQuoteOrSpace(c) && c != '`' && c != '=' {
			return false
		}
	}
	return true
}

func isQuoteOrSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\'' || c == '"'
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

// isLockFile reports whether a file is named as a dependency lock file
// (*.lock, *.lock.json, *-lock.json, *-lock.yaml, *.lockfile). A lock file
// pins names, versions and checksums, and the generic rule reads a package
// entry's key (a name, version and architecture joined by underscores) as
// an assignment of a secret; so it does not apply there, as gitleaks'
// global allowlist skips the lock files it knows by name
// (package-lock.json, yarn.lock, poetry.lock…). The specific rules do.
func isLockFile(file string) bool {
	base := strings.ToLower(path.Base(file))
	for _, suffix := range []string{".lock", ".lock.json", "-lock.json", "-lock.yaml", "-lock.yml", ".lockfile"} {
		if strings.HasSuffix(base, suffix) {
			return true
		}
	}
	return false
}
