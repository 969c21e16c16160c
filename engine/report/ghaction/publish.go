package ghaction

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/gitindex"
	"github.com/paved-dev/paved/engine/report"
)

// GitHub shows at most 10 error and 10 warning annotations of one step
// (and 50 of a job); more are dropped silently, in the order written.
const (
	DefaultMaxErrors   = 10
	DefaultMaxWarnings = 10
)

// AnnotateOptions say which findings become annotations.
type AnnotateOptions struct {
	// Repo turns report locations into repository paths (the zero
	// Worktree keeps them as they are).
	Repo gitindex.Worktree
	// Changed limits annotations to findings on these lines (a finding
	// with a file but no line: in a file the diff touched). Nil annotates
	// every finding.
	Changed gitindex.ChangedLines
	// MaxErrors and MaxWarnings are the step's budget; 0 means the default.
	MaxErrors, MaxWarnings int
}

// AnnotateStats count what Annotate did with the report's findings.
type AnnotateStats struct {
	Findings  int // fail, warn and error results
	InDiff    int // of those, on the changed lines (all of them without a diff)
	Errors    int // ::error annotations written
	Warnings  int // ::warning annotations written
	OverLimit int // in the diff, left out for the step's budget
	Filtered  bool
}

// Annotate writes workflow commands for the report's findings on the
// changed lines: blocking ones (and errors) as ::error, the others as
// ::warning, most urgent first within the step's budget, then one ::notice
// when some were left out.
func Annotate(w io.Writer, doc *Document, opts AnnotateOptions) (AnnotateStats, error) {
	maxErr := cmp.Or(opts.MaxErrors, DefaultMaxErrors)
	maxWarn := cmp.Or(opts.MaxWarnings, DefaultMaxWarnings)
	st := AnnotateStats{Filtered: opts.Changed != nil}
	var errs, warns []engine.Result
	for _, res := range doc.Results {
		switch res.Status {
		case engine.StatusFail, engine.StatusWarn, engine.StatusError:
		default:
			continue
		}
		st.Findings++
		res = repoLocation(res, opts.Repo)
		if opts.Changed != nil && !inDiff(res, opts.Changed) {
			continue
		}
		st.InDiff++
		if res.Blocking(doc.FailOn) {
			errs = append(errs, res)
		} else {
			warns = append(warns, res)
		}
	}
	report.SortResults(errs, doc.FailOn)
	report.SortResults(warns, doc.FailOn)
	st.OverLimit = max(len(errs)-maxErr, 0) + max(len(warns)-maxWarn, 0)
	errs, warns = errs[:min(len(errs), maxErr)], warns[:min(len(warns), maxWarn)]
	st.Errors, st.Warnings = len(errs), len(warns)

	// The github reporter formats them: one escaping and message style.
	sub := engine.Report{Tool: doc.Tool, FailOn: doc.FailOn, Policies: doc.Policies, Results: slices.Concat(errs, warns)}
	if err := report.Write(w, report.FormatGitHub, &sub); err != nil {
		return st, err
	}
	if st.OverLimit > 0 {
		_, err := fmt.Fprintf(w, "::notice title=paved::%s not annotated (GitHub shows %d errors and %d warnings per step); the job summary and code scanning list every finding\n",
			report.Plural(st.OverLimit, "more finding", "more findings"), maxErr, maxWarn)
		return st, err
	}
	return st, nil
}

// repoLocation rewrites a result's file as a repository path; a file
// outside the repository keeps no location (GitHub could not place it).
func repoLocation(res engine.Result, repo gitindex.Worktree) engine.Result {
	if res.Location == nil || res.Location.File == "" {
		return res
	}
	loc := *res.Location
	p, ok := repo.RepoPath(loc.File)
	if !ok {
		res.Location = nil
		return res
	}
	loc.File = p
	res.Location = &loc
	return res
}

func inDiff(res engine.Result, changed gitindex.ChangedLines) bool {
	if res.Location == nil || res.Location.File == "" {
		return false // about the whole target: the summary shows it
	}
	if res.Location.Line <= 0 {
		return changed.Touches(res.Location.File)
	}
	return changed.Contains(res.Location.File, res.Location.Line)
}

// SummaryOptions add what the report does not hold to the job summary.
type SummaryOptions struct {
	// Base is the revision annotations were limited to changes since ("":
	// every finding); Annotations is what Annotate did.
	Base        string
	Annotations AnnotateStats
}

// Summary writes the job summary: the Markdown report (verdict, counts by
// status and severity, blocking findings with file:line, the waivers that
// need attention) and what was annotated.
func Summary(w io.Writer, doc *Document, opts SummaryOptions) error {
	if err := report.Write(w, report.FormatMarkdown, &doc.Report); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	a := opts.Annotations
	switch {
	case a.Findings == 0:
	case a.Filtered:
		fmt.Fprintf(bw, "\n%s of %d on lines changed since %s; %d annotated.\n",
			report.Plural(a.InDiff, "finding", "findings"), a.Findings, report.MarkdownCode(opts.Base), a.Errors+a.Warnings)
	default:
		fmt.Fprintf(bw, "\n%d of %s annotated.\n", a.Errors+a.Warnings, report.Plural(a.Findings, "finding", "findings"))
	}
	return bw.Flush()
}

// NoReport writes the job summary of a run that ended before writing a
// report (a usage error): the exit code and where to look.
func NoReport(w io.Writer, exitCode int) error {
	_, err := fmt.Fprintf(w, "## paved policy report\n\n❌ **paved check exited %d without writing a report**: see the step's log for the error.\n", exitCode)
	return err
}

// Outputs are the step outputs the action sets, in order.
func Outputs(doc *Document, exitCode int, sarifPath, jsonPath string) [][2]string {
	out := [][2]string{{"exit-code", strconv.Itoa(exitCode)}}
	if doc != nil {
		s := doc.Summary
		for _, kv := range []struct {
			k string
			v int
		}{{"failed", s.Fail}, {"blocking", s.Blocking}, {"warnings", s.Warn}, {"waived", s.Waived}, {"passed", s.Pass}, {"errors", s.Error}} {
			out = append(out, [2]string{kv.k, strconv.Itoa(kv.v)})
		}
	}
	if sarifPath != "" {
		out = append(out, [2]string{"sarif", sarifPath})
	}
	if jsonPath != "" {
		out = append(out, [2]string{"json", jsonPath})
	}
	return out
}

// WriteOutputs appends name=value lines in the $GITHUB_OUTPUT format; a
// value holding a line break uses the heredoc form with a delimiter the
// value does not contain.
func WriteOutputs(w io.Writer, outputs [][2]string) error {
	bw := bufio.NewWriter(w)
	for _, kv := range outputs {
		name, value := kv[0], kv[1]
		if !strings.ContainsAny(value, "\r\n") {
			fmt.Fprintf(bw, "%s=%s\n", name, value)
			continue
		}
		delim := "PAVED_EOF"
		for strings.Contains(value, delim) {
			delim += "_"
		}
		fmt.Fprintf(bw, "%s<<%s\n%s\n%s\n", name, delim, value, delim)
	}
	return bw.Flush()
}
