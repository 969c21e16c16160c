package secrets

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// RepoConfig is what a repository has told gitleaks about its own secrets:
// the allowlists of its .gitleaks.toml and the findings its .gitleaksignore
// lists. paved does not drop what they cover, as gitleaks does: whoever can
// push decides what these files say. A finding they cover is reported in
// ContextAllowed, naming the file, and blocks only in strict mode.
//
// Only what judges this scanner's rules is read: global and rule allowlists
// (for rules of the same id), targetRules, extend.disabledRules. A config
// of the repository's own rules, or one that does not extend gitleaks'
// defaults, takes none of paved's rules away.
type RepoConfig struct {
	file     string
	global   []*repoAllowlist
	byRule   map[string][]*repoAllowlist
	disabled map[string]bool
	ignore   map[string]bool // file:rule:line, as .gitleaksignore writes them
	ignoreAt string          // the .gitleaksignore's name, for reasons
}

type repoAllowlist struct {
	*allowlist
	description string
	commits     bool // commits name commits; a tree scan has none, so never matches
}

// ConfigError is a problem in a repository's gitleaks configuration, with
// the line it is on (0 when it cannot be told).
type ConfigError struct {
	File string
	Line int
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// tomlAllowlist is one allowlist as gitleaks' configuration spells it.
// Keys match field names without regard to case, as gitleaks' (viper's) do.
type tomlAllowlist struct {
	Description string
	Condition   string
	Commits     []string
	Paths       []string
	RegexTarget string
	Regexes     []string
	StopWords   []string
	TargetRules []string
}

type tomlConfig struct {
	Extend struct {
		DisabledRules []string
	}
	Rules []struct {
		ID         string
		AllowList  *tomlAllowlist
		Allowlists []*tomlAllowlist
	}
	AllowList  *tomlAllowlist
	Allowlists []*tomlAllowlist
}

// ParseGitleaksConfig reads a repository's .gitleaks.toml; name is the file
// as reported. Errors are *ConfigError. Invalid TOML, an unknown condition
// or regexTarget, a pattern that does not compile, and an allowlist without
// any check are errors, as they are to gitleaks.
func ParseGitleaksConfig(name string, b []byte) (*RepoConfig, error) {
	var raw tomlConfig
	if _, err := toml.NewDecoder(bytes.NewReader(b)).Decode(&raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &ConfigError{File: name, Line: pe.Position.Line, Msg: pe.Message}
		}
		return nil, &ConfigError{File: name, Msg: err.Error()}
	}
	c := &RepoConfig{file: name, byRule: map[string][]*repoAllowlist{}, disabled: map[string]bool{}}
	fail := func(msg string, near string) error {
		return &ConfigError{File: name, Line: lineOf(b, near), Msg: msg}
	}
	if raw.AllowList != nil && len(raw.Allowlists) > 0 {
		return nil, fail("[allowlist] is deprecated and cannot be used alongside [[allowlists]]", "[allowlist]")
	}
	if raw.AllowList != nil {
		raw.Allowlists = append(raw.Allowlists, raw.AllowList)
	}
	for i, a := range raw.Allowlists {
		al, err := repoAllowlistOf(a, b, func(msg, near string) error {
			return fail(fmt.Sprintf("allowlist %d: %s", i+1, msg), near)
		})
		if err != nil {
			return nil, err
		}
		if len(a.TargetRules) == 0 {
			c.global = append(c.global, al)
		}
		for _, id := range a.TargetRules {
			c.byRule[id] = append(c.byRule[id], al)
		}
	}
	for _, r := range raw.Rules {
		if r.AllowList != nil {
			r.Allowlists = append(r.Allowlists, r.AllowList)
		}
		for _, a := range r.Allowlists {
			al, err := repoAllowlistOf(a, b, func(msg, near string) error {
				return fail(fmt.Sprintf("rule %s: %s", r.ID, msg), near)
			})
			if err != nil {
				return nil, err
			}
			c.byRule[r.ID] = append(c.byRule[r.ID], al)
		}
	}
	for _, id := range raw.Extend.DisabledRules {
		c.disabled[id] = true
	}
	return c, nil
}

func repoAllowlistOf(a *tomlAllowlist, src []byte, fail func(msg, near string) error) (*repoAllowlist, error) {
	and := false
	switch strings.ToUpper(a.Condition) {
	case "", "OR", "||":
	case "AND", "&&":
		and = true
	default:
		return nil, fail(fmt.Sprintf("allowlist condition %q is not AND or OR", a.Condition), a.Condition)
	}
	target := a.RegexTarget
	switch target {
	case "", "secret", "match", "line":
	default:
		return nil, fail(fmt.Sprintf("allowlist regexTarget %q is not secret, match or line", target), target)
	}
	if len(a.Commits) == 0 && len(a.Paths) == 0 && len(a.Regexes) == 0 && len(a.StopWords) == 0 {
		return nil, fail("an allowlist must have at least one of commits, paths, regexes or stopwords", a.Description)
	}
	compile := func(patterns []string) ([]*regexp.Regexp, error) {
		out := make([]*regexp.Regexp, 0, len(patterns))
		for _, p := range patterns {
			re, err := regexp.Compile(p)
			if err != nil {
				return nil, fail(fmt.Sprintf("pattern %q does not compile: %v", p, err), p)
			}
			out = append(out, re)
		}
		return out, nil
	}
	regexes, err := compile(a.Regexes)
	if err != nil {
		return nil, err
	}
	paths, err := compile(a.Paths)
	if err != nil {
		return nil, err
	}
	stop := make([]string, len(a.StopWords))
	for i, w := range a.StopWords {
		stop[i] = strings.ToLower(w)
	}
	return &repoAllowlist{
		allowlist: &allowlist{
			and:       and,
			target:    target,
			regexes:   func() []*regexp.Regexp { return regexes },
			stopwords: stop,
			paths:     func() []*regexp.Regexp { return paths },
		},
		description: a.Description,
		commits:     len(a.Commits) > 0,
	}, nil
}

// lineOf is the 1-based line of the first occurrence of s in b, or 0. TOML
// decoding keeps no positions for values; the text they came from does.
func lineOf(b []byte, s string) int {
	if s == "" {
		return 0
	}
	i := bytes.Index(b, []byte(s))
	if i < 0 {
		return 0
	}
	return bytes.Count(b[:i], []byte("\n")) + 1
}

// AddGitleaksIgnore reads a .gitleaksignore: one finding per line as
// gitleaks prints its fingerprint, file:rule-id:line, # comments. Entries
// with a commit (commit:file:rule-id:line) name a finding in a commit of
// the history, not the tree, and are skipped, as gitleaks' directory scan
// skips them.
func (c *RepoConfig) AddGitleaksIgnore(name string, b []byte) {
	if c.ignore == nil {
		c.ignore = map[string]bool{}
	}
	c.ignoreAt = name
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, len(b)+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, ":")
		if len(parts) != 3 {
			continue
		}
		if _, err := strconv.Atoi(parts[2]); err != nil {
			continue
		}
		parts[0] = strings.TrimPrefix(strings.ReplaceAll(parts[0], `\`, "/"), "./")
		c.ignore[strings.Join(parts, ":")] = true
	}
}

// NewRepoConfig is an empty configuration, for a repository with a
// .gitleaksignore and no .gitleaks.toml.
func NewRepoConfig() *RepoConfig {
	return &RepoConfig{byRule: map[string][]*repoAllowlist{}, disabled: map[string]bool{}}
}

// covers says why the repository's configuration covers a finding, or "".
func (c *RepoConfig) covers(rule, file string, line int, secret, match, text []byte) string {
	if c.ignore[file+":"+rule+":"+strconv.Itoa(line)] {
		return "the repository's " + c.ignoreAt + " lists it"
	}
	if c.disabled[rule] {
		return "the repository's " + c.file + " disables gitleaks rule " + rule
	}
	for _, als := range [][]*repoAllowlist{c.global, c.byRule[rule]} {
		for _, a := range als {
			if a.covers(file, secret, match, text) {
				why := "the repository's " + c.file + " allowlists it"
				if a.description != "" {
					why += ` ("` + shorten(a.description) + `")`
				}
				return why
			}
		}
	}
	return ""
}

func (a *repoAllowlist) covers(file string, secret, match, line []byte) bool {
	// A commits check never holds in a tree scan: under AND the allowlist
	// cannot match; under OR the other checks decide.
	if a.commits && a.and {
		return false
	}
	return a.allowed(file, secret, match, line)
}

// shorten makes a description one line of a readable length for a message.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "..."
	}
	return s
}
