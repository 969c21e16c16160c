// Command noise is the noise benchmark (make bench-noise): it judges clones
// of well-run public repositories with paved's defaults and looks every
// blocking finding up in a reviewed classification, so that what a gate
// would block on real code is counted as true findings, false positives
// and debatable ones, and compared from one version of paved to the next.
//
//	scripts/noise/clone.sh DIR                  # the clones, at their pinned commits
//	go run ./scripts/noise -paved bin/paved -repos DIR [-o now.tsv] [-compare before.tsv]
//
// scripts/bench-noise.sh builds paved and runs it; docs/noise.md explains
// the figures.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/paved-dev/paved/engine"
)

func main() {
	var o options
	flag.StringVar(&o.paved, "paved", "bin/paved", "the paved binary to judge with")
	flag.StringVar(&o.repos, "repos", "", "directory of clones, DIR/owner/name (scripts/noise/clone.sh makes them)")
	flag.StringVar(&o.list, "list", "scripts/noise/repos.tsv", "the repositories and their pinned commits")
	flag.StringVar(&o.classified, "classified", "scripts/noise/classified.tsv", "the reviewed classification of blocking findings")
	flag.StringVar(&o.out, "o", "", "also write the results (summary and finding rows) to this TSV file")
	flag.StringVar(&o.compare, "compare", "", "a TSV file an earlier run wrote with -o: print what changed since")
	flag.StringVar(&o.keep, "keep", "", "keep each repository's JSON report in this directory")
	flag.BoolVar(&o.quiet, "q", false, "print only the summary, not every blocking finding")
	flag.BoolVar(&o.verbose, "v", false, "also list classification entries that matched no finding")
	flag.BoolVar(&o.strict, "strict", false, "exit 1 when a false positive or an unclassified finding blocks")
	flag.Parse()
	if o.repos == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: noise -repos DIR [-paved BIN] [-o FILE] [-compare FILE] [-q] [-v] [-strict]")
		os.Exit(2)
	}
	code, err := run(context.Background(), o, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "noise:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

type options struct {
	paved, repos, list, classified, out, compare, keep string
	quiet, verbose, strict                             bool
}

// run judges every listed repository and prints the findings, the summary
// rows and, with -compare, the differences. It returns the exit code: 2
// when a repository could not be judged, 1 under -strict when a false
// positive or an unclassified finding blocks, else 0.
func run(ctx context.Context, o options, w io.Writer) (int, error) {
	repos, err := readRepos(o.list)
	if err != nil {
		return 2, err
	}
	rules, err := readClassified(o.classified)
	if err != nil {
		return 2, err
	}
	var before *table
	if o.compare != "" {
		if before, err = readTable(o.compare); err != nil {
			return 2, err
		}
	}
	version, err := pavedVersion(ctx, o.paved)
	if err != nil {
		return 2, err
	}
	now := &table{header: fmt.Sprintf("paved noise benchmark: %s, %d repositories", version, len(repos))}
	used := make([]bool, len(rules))
	judged := map[string]bool{}
	for _, r := range repos {
		res := judge(ctx, o, r)
		if res.err == nil {
			judged[r.Name] = true
		}
		classify(&res, rules, used)
		now.add(res)
		printRepo(w, res, o.quiet)
	}

	fmt.Fprintf(w, "\n# %s\n", now.header)
	fmt.Fprintln(w, strings.Join(summaryColumns, "\t"))
	for _, s := range now.summaries {
		fmt.Fprintln(w, s.row())
	}
	fmt.Fprintln(w, now.total().row())
	printStale(w, rules, used, judged, o.verbose)
	if before != nil {
		fmt.Fprintf(w, "\n# compared with %s (%s)\n", o.compare, before.header)
		compare(w, before, now)
	}
	if o.out != "" {
		if err := now.write(o.out); err != nil {
			return 2, err
		}
	}

	code := 0
	t := now.total()
	if o.strict && (t.FalsePositive > 0 || t.Unclassified > 0) {
		code = 1
	}
	for _, s := range now.summaries {
		if s.Status != "ok" {
			code = 2
		}
	}
	return code, nil
}

// repo is one line of repos.tsv.
type repo struct {
	Name, Commit, Ecosystem string
}

// result is what paved said of one repository.
type result struct {
	repo
	dir       string
	head      string // the clone's commit
	exit      int    // paved's exit code
	err       error  // the repository could not be judged
	blocking  []finding
	reported  int // failures and warnings that do not block
	summaryBl int // the report's own count of blocking results
}

// finding is one blocking result and its classification.
type finding struct {
	Policy, Severity, Target, Resource, Location, Message, Fingerprint string
	Verdict, Reason                                                    string
	rule                                                               int // index in the classification, -1 if none
}

func (f finding) key() string {
	return f.Policy + "\t" + f.Target + "\t" + f.Resource
}

// report is the part of paved's JSON report (paved.report/v1) the
// benchmark reads; it decodes its own copy so that it keeps working on the
// reports of other versions.

// judge runs paved check on one clone with the defaults: no configuration
// file (--config none), so nothing the repository says about paved counts.
// It runs in the clone, on ".", as a developer would: findings then read
// the same on every machine, wherever the clones are.
func judge(ctx context.Context, o options, r repo) result {
	res := result{repo: r, dir: filepath.Join(o.repos, filepath.FromSlash(r.Name))}
	head, err := exec.CommandContext(ctx, "git", "-C", res.dir, "rev-parse", "HEAD").Output()
	if err != nil {
		res.err = fmt.Errorf("no clone at %s (scripts/noise/clone.sh %s makes it)", res.dir, o.repos)
		return res
	}
	res.head = strings.TrimSpace(string(head))
	if res.head != r.Commit {
		res.err = fmt.Errorf("%s is at %s, not the pinned %s (scripts/noise/clone.sh checks it out)", res.dir, short(res.head), short(r.Commit))
		return res
	}
	var stdout, stderr bytes.Buffer
	bin, err := filepath.Abs(o.paved)
	if err != nil {
		res.err = err
		return res
	}
	cmd := exec.CommandContext(ctx, bin, "check", ".", "-f", "json", "--config", "none")
	cmd.Dir, cmd.Stdout, cmd.Stderr = res.dir, &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		res.exit = exit.ExitCode()
	default:
		res.err = fmt.Errorf("run %s: %w", o.paved, err)
		return res
	}
	if o.keep != "" {
		name := filepath.Join(o.keep, strings.ReplaceAll(r.Name, "/", "+")+".json")
		if err := os.WriteFile(name, stdout.Bytes(), 0o644); err != nil {
			res.err = err
			return res
		}
	}
	var rep engine.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		res.err = fmt.Errorf("paved exited %d without a JSON report: %s", res.exit, firstLine(stderr.String()))
		return res
	}
	if res.exit > 1 {
		res.err = fmt.Errorf("paved exited %d: %s", res.exit, firstLine(stderr.String()))
	}
	res.summaryBl = rep.Summary.Blocking
	for _, x := range rep.Results {
		if !x.Blocking(rep.FailOn) {
			if x.Status == engine.StatusFail || x.Status == engine.StatusWarn {
				res.reported++
			}
			continue
		}
		f := finding{
			Policy: x.Policy.ID, Severity: x.Policy.Severity, Target: x.Target.Path,
			Resource: x.Resource, Message: x.Message, Fingerprint: x.Fingerprint, rule: -1,
		}
		if x.Status == engine.StatusError {
			f.Severity = "error"
		}
		if x.Location != nil {
			f.Location = x.Location.File
			if x.Location.Line > 0 {
				f.Location += fmt.Sprintf(":%d", x.Location.Line)
			}
		}
		res.blocking = append(res.blocking, f)
	}
	if res.summaryBl != len(res.blocking) && res.err == nil {
		res.err = fmt.Errorf("the report counts %d blocking results, the benchmark %d: its reading of the report is out of date", res.summaryBl, len(res.blocking))
	}
	return res
}

// classify looks every blocking finding up in the classification.
func classify(res *result, rules []rule, used []bool) {
	for i := range res.blocking {
		f := &res.blocking[i]
		if n := lookup(rules, res.Name, *f); n >= 0 {
			used[n] = true
			f.rule, f.Verdict, f.Reason = n, rules[n].Verdict, rules[n].Reason
		} else {
			f.Verdict = unclassified
		}
	}
}

func printRepo(w io.Writer, res result, quiet bool) {
	s := summarize(res)
	fmt.Fprintf(w, "%s @ %s (%s): ", res.Name, short(res.Commit), res.Ecosystem)
	if res.err != nil {
		fmt.Fprintf(w, "NOT JUDGED: %v\n", res.err)
		return
	}
	fmt.Fprintf(w, "%d blocking: %d true finding, %d false positive, %d debatable, %d unclassified; %d more reported, not blocking\n",
		s.Blocking, s.True, s.FalsePositive, s.Debatable, s.Unclassified, s.Reported)
	if quiet {
		return
	}
	for _, f := range res.blocking {
		where := f.Location
		if where == "" {
			where = f.Target
		}
		fmt.Fprintf(w, "  %-14s %-12s %-8s %s  %s\n", f.Verdict, f.Policy, f.Severity, where, f.Resource)
		if f.Verdict == unclassified {
			fmt.Fprintf(w, "      %s\n", f.Message)
		} else {
			fmt.Fprintf(w, "      %s\n", f.Reason)
		}
	}
}

// printStale lists classification entries of judged repositories that no
// finding matched: fixed by a change to paved, or keyed on a resource name
// that changed.
func printStale(w io.Writer, rules []rule, used []bool, judged map[string]bool, verbose bool) {
	var stale []rule
	for i, r := range rules {
		if !used[i] && judged[r.Repo] {
			stale = append(stale, r)
		}
	}
	if len(stale) == 0 {
		return
	}
	fmt.Fprintf(w, "# %d classification entries matched no blocking finding (fixed, or their key changed)", len(stale))
	if !verbose {
		fmt.Fprintln(w, "; -v lists them")
		return
	}
	fmt.Fprintln(w, ":")
	for _, r := range stale {
		fmt.Fprintf(w, "#   %s:%d  %s %s %s %s (%s)\n", r.file, r.line, r.Repo, r.Policy, r.Target, r.Resource, r.Verdict)
	}
}

func pavedVersion(ctx context.Context, bin string) (string, error) {
	out, err := exec.CommandContext(ctx, bin, "version").Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", bin, err)
	}
	return strings.TrimSpace(firstLine(string(out))), nil
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
