package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// A results file (-o, -compare) is tab-separated: a '#' header naming the
// paved that ran, one "summary" row per repository and one "finding" row
// per blocking finding, so two runs compare line by line (diff, grep
// ^summary) as well as with -compare.
var summaryColumns = []string{"summary", "repo", "ecosystem", "commit", "status", "blocking", "true_finding", "false_positive", "debatable", "unclassified", "reported", "paved_exit"}

var findingColumns = []string{"finding", "repo", "policy", "target", "resource", "location", "verdict", "fingerprint", "message"}

// summary is one repository's counts.
type summary struct {
	Repo, Ecosystem, Commit, Status                                  string
	Blocking, True, FalsePositive, Debatable, Unclassified, Reported int
	Exit                                                             int
}

func summarize(res result) summary {
	s := summary{Repo: res.Name, Ecosystem: res.Ecosystem, Commit: short(res.Commit), Status: "ok", Exit: res.exit, Reported: res.reported}
	if res.err != nil {
		s.Status = "error"
	}
	s.Blocking = len(res.blocking)
	for _, f := range res.blocking {
		switch f.Verdict {
		case trueFinding:
			s.True++
		case falsePositive:
			s.FalsePositive++
		case debatable:
			s.Debatable++
		default:
			s.Unclassified++
		}
	}
	return s
}

func (s summary) row() string {
	return strings.Join([]string{"summary", s.Repo, s.Ecosystem, s.Commit, s.Status,
		strconv.Itoa(s.Blocking), strconv.Itoa(s.True), strconv.Itoa(s.FalsePositive),
		strconv.Itoa(s.Debatable), strconv.Itoa(s.Unclassified), strconv.Itoa(s.Reported),
		strconv.Itoa(s.Exit)}, "\t")
}

// table is one run's results, or one read back from a file.
type table struct {
	header    string
	summaries []summary
	findings  map[string][]finding // by repository
}

func (t *table) add(res result) {
	t.summaries = append(t.summaries, summarize(res))
	if t.findings == nil {
		t.findings = map[string][]finding{}
	}
	t.findings[res.Name] = res.blocking
}

func (t *table) total() summary {
	all := summary{Repo: "TOTAL", Ecosystem: "-", Commit: "-", Status: "ok"}
	for _, s := range t.summaries {
		if s.Status != "ok" {
			all.Status = "error"
		}
		all.Blocking += s.Blocking
		all.True += s.True
		all.FalsePositive += s.FalsePositive
		all.Debatable += s.Debatable
		all.Unclassified += s.Unclassified
		all.Reported += s.Reported
		all.Exit = max(all.Exit, s.Exit)
	}
	return all
}

func (t *table) write(name string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", t.header)
	fmt.Fprintln(&b, "# "+strings.Join(summaryColumns, "\t"))
	fmt.Fprintln(&b, "# "+strings.Join(findingColumns, "\t"))
	for _, s := range t.summaries {
		fmt.Fprintln(&b, s.row())
	}
	for _, s := range t.summaries {
		for _, f := range t.findings[s.Repo] {
			fmt.Fprintln(&b, strings.Join([]string{"finding", s.Repo, f.Policy, f.Target, f.Resource,
				f.Location, f.Verdict, f.Fingerprint, oneLine(f.Message)}, "\t"))
		}
	}
	return os.WriteFile(name, []byte(b.String()), 0o644)
}

func oneLine(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

// readTable reads a results file written by write.
func readTable(name string) (*table, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := &table{findings: map[string][]finding{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "# ") && t.header == "" {
			t.header = strings.TrimPrefix(line, "# ")
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		col := strings.Split(line, "\t")
		switch {
		case col[0] == "summary" && len(col) == len(summaryColumns):
			s := summary{Repo: col[1], Ecosystem: col[2], Commit: col[3], Status: col[4]}
			nums := []*int{&s.Blocking, &s.True, &s.FalsePositive, &s.Debatable, &s.Unclassified, &s.Reported, &s.Exit}
			for i, p := range nums {
				if *p, err = strconv.Atoi(col[5+i]); err != nil {
					return nil, fmt.Errorf("%s:%d: %s is not a number", name, n, summaryColumns[5+i])
				}
			}
			t.summaries = append(t.summaries, s)
		case col[0] == "finding" && len(col) == len(findingColumns):
			t.findings[col[1]] = append(t.findings[col[1]], finding{Policy: col[2], Target: col[3], Resource: col[4],
				Location: col[5], Verdict: col[6], Fingerprint: col[7], Message: col[8]})
		default:
			return nil, fmt.Errorf("%s:%d: neither a summary nor a finding row of a results file", name, n)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return t, nil
}

// compare prints, per repository judged in both runs at the same commit,
// the counts before and after, and the blocking findings that went away or
// appeared (by policy, target and resource); the total is over those
// repositories only.
func compare(w io.Writer, before, now *table) {
	old := map[string]summary{}
	for _, s := range before.summaries {
		old[s.Repo] = s
	}
	fmt.Fprintf(w, "%-42s %-13s %-13s %-13s %-13s %-13s %s\n", "repo", "blocking", "true", "false-pos", "debatable", "unclassified", "reported")
	line := func(a, b summary) {
		pair := func(x, y int) string { return fmt.Sprintf("%d -> %d", x, y) }
		fmt.Fprintf(w, "%-42s %-13s %-13s %-13s %-13s %-13s %s\n", b.Repo, pair(a.Blocking, b.Blocking), pair(a.True, b.True),
			pair(a.FalsePositive, b.FalsePositive), pair(a.Debatable, b.Debatable), pair(a.Unclassified, b.Unclassified), pair(a.Reported, b.Reported))
	}
	was, is := &table{}, &table{}
	for _, s := range now.summaries {
		a, ok := old[s.Repo]
		switch {
		case !ok:
			fmt.Fprintf(w, "%-42s (not in the earlier run)\n", s.Repo)
		case a.Status != "ok" || s.Status != "ok":
			fmt.Fprintf(w, "%-42s (not judged in both runs: not comparable)\n", s.Repo)
		case a.Commit != s.Commit:
			fmt.Fprintf(w, "%-42s (pinned at %s then, %s now: not comparable)\n", s.Repo, a.Commit, s.Commit)
		default:
			line(a, s)
			was.summaries = append(was.summaries, a)
			is.summaries = append(is.summaries, s)
		}
	}
	line(was.total(), is.total())

	for _, s := range is.summaries {
		gone, added := diff(before.findings[s.Repo], now.findings[s.Repo])
		if len(gone)+len(added) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s: %d no longer block, %d newly block\n", s.Repo, len(gone), len(added))
		for _, f := range gone {
			fmt.Fprintf(w, "  - %-14s %-12s %s  %s\n", f.Verdict, f.Policy, f.Target, f.Resource)
		}
		for _, f := range added {
			fmt.Fprintf(w, "  + %-14s %-12s %s  %s\n", f.Verdict, f.Policy, f.Target, f.Resource)
		}
	}
}

// diff returns the findings only a has and those only b has, by key.
func diff(a, b []finding) (gone, added []finding) {
	in := func(fs []finding) map[string]bool {
		m := map[string]bool{}
		for _, f := range fs {
			m[f.key()] = true
		}
		return m
	}
	ina, inb := in(a), in(b)
	for _, f := range a {
		if !inb[f.key()] {
			gone = append(gone, f)
		}
	}
	for _, f := range b {
		if !ina[f.key()] {
			added = append(added, f)
		}
	}
	byKey := func(fs []finding) {
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].key() < fs[j].key() })
	}
	byKey(gone)
	byKey(added)
	return gone, added
}
