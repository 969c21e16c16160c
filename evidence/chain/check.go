package chain

import (
	"cmp"
	"fmt"
	"slices"
)

// Scoped is one scope's chain over a period.
type Scoped struct {
	Scope string `json:"scope"`
	// Bundles counts the scope's bundles in the location, in the period
	// or not.
	Bundles int `json:"bundles"`
	// Runs are the bundles of the runs in the period, oldest first.
	Runs []Link `json:"runs"`
	// Follows is the bundle before the period that the period's first
	// run links to; nil when that run starts a chain (Starts) or the
	// link is broken.
	Follows *Link `json:"follows,omitempty"`
	Starts  bool  `json:"starts"`
	// Problems break the chain; Notes do not.
	Problems []string `json:"problems"`
	Notes    []string `json:"notes"`
	Intact   bool     `json:"intact"`
}

// First and Last are the period's first and last runs; false when none.
func (s *Scoped) First() (Link, bool) {
	if len(s.Runs) == 0 {
		return Link{}, false
	}
	return s.Runs[0], true
}

func (s *Scoped) Last() (Link, bool) {
	if len(s.Runs) == 0 {
		return Link{}, false
	}
	return s.Runs[len(s.Runs)-1], true
}

// chains groups verified links by scope (only the one asked for, when
// asked) and checks each scope's chain over the period. unverified maps
// the digests that bundles which failed verification claim to their
// names, to say which one a missing link probably is.
func chains(links []Link, period Period, only *string, unverified map[string]string) []Scoped {
	byScope := map[string][]Link{}
	dups := map[string][]string{}
	seen := map[string]string{}
	for _, l := range links {
		if only != nil && l.Scope != *only {
			continue
		}
		// The same bundle twice (a directory and its .tar.gz, two tags
		// of one manifest) is one run, not a fork.
		if first, ok := seen[l.Digest]; ok {
			dups[l.Scope] = append(dups[l.Scope], fmt.Sprintf("%s and %s are the same bundle (%s): counted once", first, l.Name, l.Digest))
			continue
		}
		seen[l.Digest] = l.Name
		byScope[l.Scope] = append(byScope[l.Scope], l)
	}
	out := make([]Scoped, 0, len(byScope))
	for scope, ls := range byScope {
		s := checkScope(scope, ls, period, unverified)
		s.Notes = append(dups[scope], s.Notes...)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Scoped) int { return cmp.Compare(a.Scope, b.Scope) })
	return out
}

// checkScope checks one scope's chain: ordered by run time, every bundle
// of the period must name the digest of the bundle just before it; the
// scope's first may instead start a chain. Two bundles naming the same
// predecessor are a fork.
func checkScope(scope string, ls []Link, period Period, unverified map[string]string) Scoped {
	ls = slices.Clone(ls)
	slices.SortFunc(ls, order)
	s := Scoped{Scope: scope, Bundles: len(ls), Runs: []Link{}, Problems: []string{}, Notes: []string{}}
	first, last := -1, -1
	for i, l := range ls {
		if period.Holds(l.FinishedAt) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		s.Notes = append(s.Notes, "no run in the period")
		s.Intact = true
		return s
	}
	s.Runs = ls[first : last+1]
	byDigest := make(map[string]int, len(ls))
	followers := map[string][]int{}
	for i, l := range ls {
		byDigest[l.Digest] = i
		if l.Previous != nil {
			followers[*l.Previous] = append(followers[*l.Previous], i)
		}
	}
	name := func(digest string) string {
		if i, ok := byDigest[digest]; ok {
			return ls[i].String()
		}
		return digest
	}

	// Forks the period takes part in, each once.
	forked := map[string]bool{}
	for i := first; i <= last; i++ {
		p := ls[i].Previous
		if p == nil || forked[*p] || len(followers[*p]) < 2 {
			continue
		}
		forked[*p] = true
		fs := followers[*p]
		parts := make([]string, len(fs))
		for j, k := range fs {
			parts[j] = ls[k].String()
		}
		both := "all"
		if len(parts) == 2 {
			both = "both"
		}
		s.Problems = append(s.Problems, fmt.Sprintf("fork: %s %s follow %s", joinAnd(parts), both, name(*p)))
	}

	for i := first; i <= last; i++ {
		b := ls[i]
		var before *Link
		if i > 0 {
			before = &ls[i-1]
		}
		switch {
		case b.Previous == nil && before == nil:
			s.Starts = true
		case b.Previous == nil:
			// Even at the period's start: runs removed between the
			// earlier bundle and the restart would go unnoticed.
			s.Problems = append(s.Problems, fmt.Sprintf("%s starts a new chain after %s: a bundle may be missing between them, or the run was not given --evidence-previous", b, before))
		case before != nil && *b.Previous == before.Digest:
			if i == first {
				f := *before
				s.Follows = &f
			}
		case forked[*b.Previous]:
			// reported above
		default:
			if j, ok := byDigest[*b.Previous]; ok {
				if j > i {
					s.Problems = append(s.Problems, fmt.Sprintf("%s links to %s, which finished after it", b, ls[j]))
				} else {
					s.Problems = append(s.Problems, fmt.Sprintf("%s links to %s, not to %s, the bundle before it", b, ls[j], before))
				}
				continue
			}
			hint := ""
			if n, ok := unverified[*b.Previous]; ok {
				hint = fmt.Sprintf(" (%s claims that digest, and does not verify)", n)
			}
			if before == nil {
				s.Problems = append(s.Problems, fmt.Sprintf("a bundle is missing before %s: it links to %s, which the location does not hold%s", b, *b.Previous, hint))
			} else {
				s.Problems = append(s.Problems, fmt.Sprintf("a bundle is missing between %s and %s: the latter links to %s, which the location does not hold%s", before, b, *b.Previous, hint))
			}
		}
	}
	s.Intact = len(s.Problems) == 0
	return s
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " and " + parts[1]
	}
	out := ""
	for i, p := range parts {
		switch {
		case i == len(parts)-1:
			out += ", and " + p
		case i > 0:
			out += ", " + p
		default:
			out = p
		}
	}
	return out
}
