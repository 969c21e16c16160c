package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/paved-dev/paved/engine/gitindex"
	"github.com/paved-dev/paved/engine/report/ghaction"
	"github.com/spf13/cobra"
)

func newCICmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ci",
		Short: "Publish a check's report to a CI system",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newCIGitHubCmd())
	return cmd
}

type ciGitHubFlags struct {
	report, sarif, changedSince, event string
	summary, outputs                   string
	exitCode                           int
	maxErrors, maxWarnings             int
}

func newCIGitHubCmd() *cobra.Command {
	var f ciGitHubFlags
	cmd := &cobra.Command{
		Use:   "github",
		Short: "Write a GitHub Actions job summary, annotations and step outputs from a JSON report",
		Long: `Publish reads the JSON report of a paved check and writes, for GitHub Actions:

  - the job summary (Markdown, to --summary, default $GITHUB_STEP_SUMMARY):
    counts by status and severity, the blocking findings with file:line, and
    the waivers that need attention as paved check judged them (expired,
    expiring within 14 days, matched nothing);
  - annotations (workflow commands, on stdout) for the findings on the lines
    changed since --changed-since (default: the pull request's base, read from
    $GITHUB_EVENT_PATH; neither: every finding), blocking first, within
    GitHub's budget of 10 errors and 10 warnings per step;
  - step outputs (to --outputs, default $GITHUB_OUTPUT): exit-code, failed,
    blocking, warnings, waived, passed, errors, sarif and json.

paved's GitHub Action (actions/action.yml) runs it after paved check; it
exits 0 when it published, 2 when the report cannot be read.`,
		Example: `  paved check . --output json=paved.json --output sarif=paved.sarif; code=$?
  paved ci github --report paved.json --sarif paved.sarif --exit-code $code --changed-since origin/main`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCIGitHub(cmd, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.report, "report", "", "the JSON report of paved check (required)")
	fl.StringVar(&f.sarif, "sarif", "", "the SARIF report's path, set as the sarif output when the file exists")
	fl.IntVar(&f.exitCode, "exit-code", 0, "paved check's exit code, set as the exit-code output")
	fl.StringVar(&f.changedSince, "changed-since", "", "annotate only findings on lines changed since this revision (git diff REF...HEAD)")
	fl.StringVar(&f.event, "event", os.Getenv("GITHUB_EVENT_PATH"), "event payload whose pull request base limits annotations when --changed-since is not set")
	fl.StringVar(&f.summary, "summary", os.Getenv("GITHUB_STEP_SUMMARY"), "file the job summary is appended to (\"\": none)")
	fl.StringVar(&f.outputs, "outputs", os.Getenv("GITHUB_OUTPUT"), "file the step outputs are appended to (\"\": none)")
	fl.IntVar(&f.maxErrors, "max-errors", ghaction.DefaultMaxErrors, "error annotations at most (GitHub shows 10 per step)")
	fl.IntVar(&f.maxWarnings, "max-warnings", ghaction.DefaultMaxWarnings, "warning annotations at most (GitHub shows 10 per step)")
	cmd.MarkFlagRequired("report")
	return cmd
}

func runCIGitHub(cmd *cobra.Command, f *ciGitHubFlags) error {
	ctx := cmd.Context()
	stdout := cmd.OutOrStdout()
	if f.maxErrors < 1 || f.maxWarnings < 1 {
		return usageError("--max-errors and --max-warnings must be at least 1")
	}
	doc, err := readCIReport(f.report)
	if errors.Is(err, fs.ErrNotExist) && f.exitCode != 0 {
		// paved check failed before writing a report (a usage error): say
		// so where the reader looks, and let the action fail with its code.
		if err := appendTo(f.summary, func(w io.Writer) error { return ghaction.NoReport(w, f.exitCode) }); err != nil {
			return &exitError{code: 2, err: err}
		}
		return writeCIOutputs(f, nil, "")
	}
	if err != nil {
		return usageError("--report %v", err)
	}

	base := f.changedSince
	if base == "" && f.event != "" {
		if base, err = eventBase(f.event); err != nil {
			return usageError("--event %v", err)
		}
	}
	repo, err := gitindex.FindWorktree(".")
	if err != nil {
		repo = gitindex.Worktree{} // not a git checkout: report paths as they are
	}
	var changed gitindex.ChangedLines
	if base != "" {
		changed, err = gitindex.ChangedSince(ctx, ".", base)
		if err != nil {
			// Annotations are a view, not the gate: fall back to all of
			// them, and say why where the reader sees it.
			fmt.Fprintf(stdout, "::warning title=paved::cannot limit annotations to the lines changed since %s (%s); annotating every finding. Check out with fetch-depth: 0 so the base is present.\n",
				base, oneLine(err.Error()))
			base, changed = "", nil
		}
	}
	stats, err := ghaction.Annotate(stdout, doc, ghaction.AnnotateOptions{
		Repo: repo, Changed: changed, MaxErrors: f.maxErrors, MaxWarnings: f.maxWarnings,
	})
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	err = appendTo(f.summary, func(w io.Writer) error {
		return ghaction.Summary(w, doc, ghaction.SummaryOptions{Base: base, Annotations: stats})
	})
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	return writeCIOutputs(f, doc, f.report)
}

func readCIReport(path string) (*ghaction.Document, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return ghaction.ReadReport(path, fh)
}

func eventBase(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	return ghaction.PullRequestBase(path, fh)
}

func writeCIOutputs(f *ciGitHubFlags, doc *ghaction.Document, jsonPath string) error {
	sarif := f.sarif
	if sarif != "" {
		if _, err := os.Stat(sarif); err != nil {
			sarif = "" // not written: nothing to upload
		}
	}
	err := appendTo(f.outputs, func(w io.Writer) error {
		return ghaction.WriteOutputs(w, ghaction.Outputs(doc, f.exitCode, sarif, jsonPath))
	})
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	return nil
}

// appendTo appends what write writes to the file at path; "" writes nothing.
func appendTo(path string, write func(io.Writer) error) error {
	if path == "" {
		return nil
	}
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if err := write(fh); err != nil {
		fh.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return fh.Close()
}

func oneLine(s string) string {
	for i, r := range s {
		if r == '\n' || r == '\r' {
			return s[:i]
		}
	}
	return s
}
