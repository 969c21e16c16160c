package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// The verdicts a reviewer gives a blocking finding.
const (
	trueFinding   = "true-finding"
	falsePositive = "false-positive"
	debatable     = "debatable"
	unclassified  = "UNCLASSIFIED"
)

// rule is one line of classified.tsv: a verdict on the blocking findings
// of one repository and policy whose target path and resource match. The
// key is the finding's identity (what its fingerprint is made of), readable
// and stable across line moves and message changes; a '*' in the target or
// resource matches any run of characters, '/' included, for a file whose
// findings share one verdict (the test keys of one fixture file).
type rule struct {
	Repo, Policy, Target, Resource, Verdict, Reason string

	file   string
	line   int
	target *regexp.Regexp
	res    *regexp.Regexp
	exact  bool
}

// lookup returns the index of the rule for a finding of repository name,
// or -1: an exact key wins over a pattern, and patterns are tried in the
// file's order.
func lookup(rules []rule, name string, f finding) int {
	found := -1
	for i, r := range rules {
		if r.Repo != name || r.Policy != f.Policy || !r.target.MatchString(f.Target) || !r.res.MatchString(f.Resource) {
			continue
		}
		if r.exact {
			return i
		}
		if found < 0 {
			found = i
		}
	}
	return found
}

// readClassified reads the classification: tab-separated repo, policy,
// target path, resource, verdict and reason; '#' starts a comment line.
// Every problem is reported with its line, all at once.
func readClassified(name string) ([]rule, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rules []rule
	var errs []string
	seen := map[string]int{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		col := strings.Split(line, "\t")
		if len(col) != 6 {
			errs = append(errs, fmt.Sprintf("%s:%d: %d columns, want 6 (repo, policy, target, resource, verdict, reason)", name, n, len(col)))
			continue
		}
		r := rule{Repo: col[0], Policy: col[1], Target: col[2], Resource: col[3], Verdict: col[4], Reason: col[5], file: name, line: n}
		switch r.Verdict {
		case trueFinding, falsePositive, debatable:
		default:
			errs = append(errs, fmt.Sprintf("%s:%d: verdict %q, want %s, %s or %s", name, n, r.Verdict, trueFinding, falsePositive, debatable))
		}
		if r.Repo == "" || r.Policy == "" || r.Target == "" || r.Resource == "" || strings.TrimSpace(r.Reason) == "" {
			errs = append(errs, fmt.Sprintf("%s:%d: every column needs a value", name, n))
		}
		key := strings.Join(col[:4], "\t")
		if first, ok := seen[key]; ok {
			errs = append(errs, fmt.Sprintf("%s:%d: the same key as line %d", name, n, first))
		}
		seen[key] = n
		r.target, r.res = glob(r.Target), glob(r.Resource)
		r.exact = !strings.Contains(r.Target+r.Resource, "*")
		rules = append(rules, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return rules, nil
}

// glob compiles a pattern whose '*' matches any run of characters.
func glob(p string) *regexp.Regexp {
	parts := strings.Split(p, "*")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
}

// readRepos reads repos.tsv: owner/name, commit and ecosystem per line.
func readRepos(name string) ([]repo, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var repos []repo
	for n, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		col := strings.Split(line, "\t")
		if len(col) != 3 || strings.Count(col[0], "/") != 1 || len(col[1]) != 40 {
			return nil, fmt.Errorf("%s:%d: want owner/name, a full commit and an ecosystem, tab-separated", name, n+1)
		}
		repos = append(repos, repo{Name: col[0], Commit: col[1], Ecosystem: col[2]})
	}
	if len(repos) == 0 {
		return nil, fmt.Errorf("%s: no repositories", name)
	}
	return repos, nil
}
