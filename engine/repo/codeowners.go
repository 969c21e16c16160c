package repo

import (
	"regexp"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// ownerRE is what GitHub accepts as an owner: @user, @org/team or an email.
var ownerRE = regexp.MustCompile(`^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9_.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$`)

// maxCodeownersRules bounds the rules kept from one file.
const maxCodeownersRules = 10_000

// parseCodeowners reads a CODEOWNERS file: one rule per line, a gitignore
// style pattern and its owners; # starts a comment; GitLab [Section] lines
// are recorded as sections. Malformed owners are listed as errors.
func parseCodeowners(src string) (rules, errs []any) {
	rules, errs = []any{}, []any{}
	for i, ln := range strings.Split(src, "\n") {
		line := i + 1
		ln = strings.TrimSpace(strings.TrimSuffix(ln, "\r"))
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		if strings.HasPrefix(ln, "[") || strings.HasPrefix(ln, "^[") {
			continue // GitLab section header
		}
		fields := splitFields(ln)
		if len(fields) == 0 {
			continue
		}
		if len(rules) >= maxCodeownersRules {
			errs = append(errs, map[string]any{"line": line, "msg": "too many rules; the rest are ignored"})
			break
		}
		owners := []any{}
		for _, o := range fields[1:] {
			if strings.HasPrefix(o, "#") {
				break
			}
			if !ownerRE.MatchString(o) {
				errs = append(errs, map[string]any{"line": line, "msg": "invalid owner " + o})
				continue
			}
			owners = append(owners, o)
		}
		rules = append(rules, map[string]any{"pattern": fields[0], "owners": owners, "line": line})
	}
	return rules, errs
}

// splitFields splits on blanks, keeping backslash-escaped spaces in patterns.
func splitFields(s string) []string {
	var out []string
	var cur strings.Builder
	esc := false
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case r == '\\':
			esc = true
		case r == ' ' || r == '\t':
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// defaultOwners is the owners of the last `*` rule (the last match wins).
func defaultOwners(rules []any) []any {
	var owners []any
	for _, r := range rules {
		m := r.(map[string]any)
		if m["pattern"] == "*" || m["pattern"] == "/*" || m["pattern"] == "**" || m["pattern"] == "/**" {
			owners = m["owners"].([]any)
		}
	}
	return owners
}

// uncovered lists the top-level entries whose owner is nobody: no rule
// matches them (or something inside them), or the last rule that does has
// no owners.
func uncovered(rules []any, top []topEntry) []any {
	type rule struct {
		p      gitignore.Pattern
		owners int
	}
	rs := make([]rule, 0, len(rules))
	for _, r := range rules {
		m := r.(map[string]any)
		pat := m["pattern"].(string)
		if strings.HasSuffix(pat, "/**") {
			pat = strings.TrimSuffix(pat, "/**") + "/"
		}
		rs = append(rs, rule{gitignore.ParsePattern(pat, nil), len(m["owners"].([]any))})
	}
	out := []any{}
	for _, e := range top {
		owned := false
		for _, r := range rs {
			if r.p.Match([]string{e.name}, e.dir) != gitignore.NoMatch ||
				(e.dir && r.p.Match([]string{e.name, "\x00probe"}, false) != gitignore.NoMatch) {
				owned = r.owners > 0
			}
		}
		if !owned {
			out = append(out, e.name)
		}
	}
	return out
}

type topEntry struct {
	name string
	dir  bool
}
