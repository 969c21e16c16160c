package sbom

import (
	"errors"
	"slices"
	"strings"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
)

// License expressions are reduced in Go to their alternatives (disjunctive
// normal form) so that Rego checks "some alternative without a denied
// licence" without parsing: `MIT OR (GPL-2.0-only AND BSD-3-Clause)` has the
// choices [[MIT], [BSD-3-Clause, GPL-2.0-only]].

const (
	maxExprDepth   = 32  // parentheses
	maxExprTerms   = 256 // licences in one expression
	maxAlternative = 256 // alternatives after expansion
)

var errExpr = errors.New("not an SPDX licence expression")

// normID is a licence or exception id with the SPDX list's spelling when it
// is on the list (ids are case-insensitive), else as written.
func normID(id string) string {
	if ok, c := spdxlicenses.IsActiveLicense(id); ok {
		return c
	}
	if ok, c := spdxlicenses.IsDeprecatedLicense(id); ok {
		return c
	}
	return id
}

func normException(id string) string {
	if ok, c := spdxlicenses.IsException(id); ok {
		return c
	}
	return id
}

// tokens splits an expression at blanks and parentheses.
func tokens(s string) []string {
	var out []string
	start := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(' || c == ')':
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			out = append(out, s[i:i+1])
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

type exprParser struct {
	toks  []string
	pos   int
	terms int
}

func (p *exprParser) peekOp(op string) bool {
	return p.pos < len(p.toks) && strings.EqualFold(p.toks[p.pos], op)
}

func isOp(t string) bool {
	switch strings.ToUpper(t) {
	case "AND", "OR", "WITH", "(", ")":
		return true
	}
	return false
}

// or := and ("OR" and)*
func (p *exprParser) or(depth int) ([][]string, error) {
	alts, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	for p.peekOp("OR") {
		p.pos++
		r, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		alts = append(alts, r...)
		if len(alts) > maxAlternative {
			return nil, errors.New("licence expression has too many alternatives")
		}
	}
	return alts, nil
}

// and := with ("AND" with)*; AND distributes over the alternatives.
func (p *exprParser) and(depth int) ([][]string, error) {
	alts, err := p.with(depth)
	if err != nil {
		return nil, err
	}
	for p.peekOp("AND") {
		p.pos++
		r, err := p.with(depth)
		if err != nil {
			return nil, err
		}
		if len(alts)*len(r) > maxAlternative {
			return nil, errors.New("licence expression has too many alternatives")
		}
		var next [][]string
		for _, a := range alts {
			for _, b := range r {
				next = append(next, union(a, b))
			}
		}
		alts = next
	}
	return alts, nil
}

// with := atom ("WITH" exception)?
func (p *exprParser) with(depth int) ([][]string, error) {
	if p.pos < len(p.toks) && p.toks[p.pos] == "(" {
		if depth >= maxExprDepth {
			return nil, errors.New("licence expression nested too deeply")
		}
		p.pos++
		alts, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.pos >= len(p.toks) || p.toks[p.pos] != ")" {
			return nil, errExpr
		}
		p.pos++
		return alts, nil
	}
	if p.pos >= len(p.toks) || isOp(p.toks[p.pos]) {
		return nil, errExpr
	}
	p.terms++
	if p.terms > maxExprTerms {
		return nil, errors.New("licence expression too long")
	}
	id := p.toks[p.pos]
	p.pos++
	plus := strings.HasSuffix(id, "+") && len(id) > 1
	if plus {
		id = strings.TrimSuffix(id, "+")
	}
	term := normID(id)
	if plus {
		term += "+"
	}
	if p.peekOp("WITH") {
		p.pos++
		if p.pos >= len(p.toks) || isOp(p.toks[p.pos]) {
			return nil, errExpr
		}
		term += " WITH " + normException(p.toks[p.pos])
		p.pos++
	}
	return [][]string{{term}}, nil
}

// union is a ∪ b, sorted, without duplicates.
func union(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	out = append(out, a...)
	for _, x := range b {
		dup := false
		for _, y := range out {
			if x == y {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, x)
		}
	}
	// insertion sort: the sets are small
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// parseExpression reduces an SPDX licence expression to its alternatives
// and its normalised text.
func parseExpression(s string) (choices [][]string, norm string, err error) {
	toks := tokens(s)
	if len(toks) == 0 {
		return nil, "", errExpr
	}
	p := &exprParser{toks: toks}
	choices, err = p.or(0)
	if err != nil {
		return nil, "", err
	}
	if p.pos != len(toks) {
		return nil, "", errExpr
	}
	parts := make([]string, len(toks))
	for i, t := range toks {
		switch {
		case isOp(t):
			parts[i] = strings.ToUpper(t)
		case i > 0 && strings.EqualFold(toks[i-1], "WITH"):
			parts[i] = normException(t)
		case strings.HasSuffix(t, "+") && len(t) > 1:
			parts[i] = normID(strings.TrimSuffix(t, "+")) + "+"
		default:
			parts[i] = normID(t)
		}
	}
	norm = strings.ReplaceAll(strings.ReplaceAll(strings.Join(parts, " "), "( ", "("), " )", ")")
	return choices, norm, nil
}

// How a component's licence entries are read (license_reading in the
// input document, docs/sbom-input.md).
const (
	readingSingle     = "single"     // one licence id or name
	readingExpression = "expression" // SPDX expressions as written
	readingChoice     = "choice"     // several ids or names, any one may be chosen
	readingTogether   = "together"   // several entries, all apply
)

// listChoice is what makes a list of licences a choice in the ecosystem of
// a purl type, "" where the list means all of them. A choice only where the
// ecosystem's own metadata reference says so, since reading a list as a
// choice lets a component pass on any one of its licences:
//   - Maven's POM reference: "If multiple licenses are listed, it is assumed
//     that the user can select any of them, and not that they must accept
//     all." Generators (the CycloneDX Maven plugin among them) copy the
//     POM's <licenses> into the component's list.
//   - Composer's composer.json schema: "when there is a choice between
//     licenses ("disjunctive license"), multiple can be specified as array";
//     conjunctive ones are written as an expression with "and".
//
// Not npm: package.json defines no list semantics (its deprecated
// "licenses" array is only shown beside an OR expression), and packages
// use a list for licences that all apply, to different parts of the
// package, as well as for choices. Nor Go, PyPI, RubyGems, Cargo, NuGet or
// distribution packages: their lists are licences found in files or
// classifiers, which all apply.
func listChoice(purlType string) string {
	switch purlType {
	case "maven":
		return "Maven POM"
	case "composer":
		return "composer.json"
	}
	return ""
}

// purlType is the type of a purl_base ("maven" of "pkg:maven/g/a@1"), ""
// when there is none.
func purlType(base string) string {
	rest, ok := strings.CutPrefix(base, "pkg:")
	if !ok {
		return ""
	}
	t, _, _ := strings.Cut(rest, "/")
	return t
}

// licenseSet is what a component declares, combined.
type licenseSet struct {
	exprs   []string   // normalised, one per entry
	choices [][]string // alternatives of the entries combined
	errors  []string   // entries that are not valid expressions
	reading string     // readingSingle…, "" when no licence
	basis   string     // for readingChoice, what makes the list a choice
}

// readLicenses combines a component's licence entries. An expression
// entry states the licensing itself, so it always wins over the
// ecosystem's list rule: with one, every entry applies (AND), as it does
// for a list of an ecosystem that defines no choice. A list of ids and
// names of an ecosystem whose lists are a choice is read as one (OR).
func readLicenses(entries []licenseEntry, purlType string) licenseSet {
	var ls licenseSet
	n, expr := 0, false
	for _, e := range entries {
		if strings.TrimSpace(e.text) != "" {
			n++
			expr = expr || e.expression
		}
	}
	switch {
	case n == 0:
		return ls
	case expr:
		ls.reading = readingExpression
	case n == 1:
		ls.reading = readingSingle
	default:
		ls.reading = readingTogether
		if b := listChoice(purlType); b != "" {
			ls.reading, ls.basis = readingChoice, b
		}
	}
	for _, e := range entries {
		ls.add(e.text, e.expression)
	}
	return ls
}

// add adds one entry: an SPDX id, a licence name, or an expression.
// A name or id that is not an expression (a name with blanks, "Apache
// License 2.0") is one opaque licence. Entries are alternatives of one
// another when the set is read as a choice, else they all apply.
func (ls *licenseSet) add(s string, expression bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	var alts [][]string
	if expression || !strings.ContainsAny(s, " ()") {
		c, norm, err := parseExpression(s)
		if err == nil {
			alts = c
			ls.exprs = append(ls.exprs, norm)
		} else if expression {
			ls.errors = append(ls.errors, s+": "+err.Error())
		}
	}
	if alts == nil {
		alts = [][]string{{s}}
		ls.exprs = append(ls.exprs, s)
	}
	if ls.choices == nil {
		ls.choices = alts
		return
	}
	if ls.reading == readingChoice {
		ls.or(s, alts)
		return
	}
	if len(ls.choices)*len(alts) > maxAlternative {
		ls.errors = append(ls.errors, s+": too many alternatives")
		return
	}
	var next [][]string
	for _, a := range ls.choices {
		for _, b := range alts {
			next = append(next, union(a, b))
		}
	}
	ls.choices = next
}

// or adds alts as further alternatives, each once. Past the bound the
// entry's alternatives are left out, which can only deny more.
func (ls *licenseSet) or(s string, alts [][]string) {
	for _, b := range alts {
		if slices.ContainsFunc(ls.choices, func(a []string) bool { return slices.Equal(a, b) }) {
			continue
		}
		if len(ls.choices) >= maxAlternative {
			ls.errors = append(ls.errors, s+": too many alternatives")
			return
		}
		ls.choices = append(ls.choices, b)
	}
}
