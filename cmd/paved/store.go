package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/store"
)

func newStoreCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "store",
		Short: "Manage the history store: import earlier reports, prune old history",
		Long: `The history store (--store on check, $PAVED_STORE) keeps every run,
each finding's life, and each asset's verdict on each policy over time:
what 'paved kpi' and 'paved serve' read. It is a SQLite file
(sqlite://PATH) or a PostgreSQL database (postgres://…).`,
	}
	cmd.AddCommand(newStoreImportCmd(), newStorePruneCmd())
	return cmd
}

// storeURL is --store, else $PAVED_STORE.
func storeURL(flag string) (string, error) {
	if flag == "" {
		flag = os.Getenv("PAVED_STORE")
	}
	if flag == "" {
		return "", usageError("no store: give --store sqlite://PATH or postgres://… (or set PAVED_STORE)")
	}
	return flag, nil
}

// openStore opens the store of --store (else $PAVED_STORE), its errors
// exit 2. Commands that only read or prune pass create false: a
// mistyped SQLite path is then an error, not a new empty store.
func openStore(ctx context.Context, flag string, create bool) (*store.Store, error) {
	u, err := storeURL(flag)
	if err != nil {
		return nil, err
	}
	open := store.OpenExisting
	if create {
		open = store.Open
	}
	st, err := open(ctx, u)
	if errors.Is(err, fs.ErrNotExist) {
		err = fmt.Errorf("%w (paved check --store or paved store import creates a store)", err)
	}
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("--store: %w", err)}
	}
	return st, nil
}

func newStoreImportCmd() *cobra.Command {
	var url string
	cmd := &cobra.Command{
		Use:   "import REPORT.json...",
		Short: "Record reports written earlier, at the times they carry",
		Long: `Import records JSON reports (paved check --format json) written by runs
that had no store, such as CI jobs, as if each had been run with --store:
at the time it carries, in time order whatever the order of the
arguments. A report already recorded (the same run id) is skipped, so
importing twice changes nothing.

Every report is read and checked before any is recorded: one that is not
a paved report stops the import (exit 2) with nothing recorded. Each is
then recorded in its own transaction.

An asset that the store has already seen judged at a later time keeps
its verdicts and findings as that later run left them: history is
written forwards. Import older reports first. A report does not carry
an SBOM's first sightings of its vulnerabilities; those start with the
first run recorded with --store.`,
		Example: `  paved store import --store sqlite://paved.db reports/*.json
  PAVED_STORE=postgres://paved@db/paved paved store import run-1.json run-2.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// No store is said before any report is read.
			u, err := storeURL(url)
			if err != nil {
				return err
			}
			type dated struct {
				file  string
				id    string
				start time.Time
			}
			var reports []dated
			var problems engine.Diagnostics
			for _, file := range args {
				rep, err := readReportFile(file)
				if err != nil {
					var ds engine.Diagnostics
					if errors.As(err, &ds) {
						problems = append(problems, ds...)
						continue
					}
					return &exitError{code: 2, err: err}
				}
				reports = append(reports, dated{file, rep.Run.ID, rep.Run.StartedAt})
			}
			if len(problems) > 0 {
				return &exitError{code: 2, err: fmt.Errorf("nothing imported:\n%s", problems.Error())}
			}
			slices.SortStableFunc(reports, func(a, b dated) int { return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.id, b.id)) })
			st, err := openStore(cmd.Context(), u, true)
			if err != nil {
				return err
			}
			defer st.Close()
			out := cmd.OutOrStdout()
			seen := map[string]bool{}
			for _, r := range reports {
				has, err := st.HasRun(cmd.Context(), r.id)
				if err != nil {
					return &exitError{code: 2, err: err}
				}
				if has || seen[r.id] {
					fmt.Fprintf(out, "skipped   %s  run %s (%s): already recorded\n", r.file, r.id, r.start.Format(time.RFC3339))
					continue
				}
				seen[r.id] = true
				rep, err := readReportFile(r.file) // again: one report in memory at a time
				if err != nil {
					return &exitError{code: 2, err: err}
				}
				if err := st.Record(cmd.Context(), rep); err != nil {
					return &exitError{code: 2, err: fmt.Errorf("%s: %w", r.file, err)}
				}
				fmt.Fprintf(out, "recorded  %s  run %s (%s)\n", r.file, r.id, r.start.Format(time.RFC3339))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&url, "store", "", "history store: sqlite://PATH or postgres://… (default $PAVED_STORE)")
	return cmd
}

func readReportFile(file string) (*engine.Report, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return engine.ReadReport(file, f)
}

func newStorePruneCmd() *cobra.Command {
	var url, before string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "prune --before DATE",
		Short: "Remove history from before a date, for retention",
		Long: `Prune removes what ended before DATE: findings resolved before it (and
open ones whose target was last judged before it), verdicts that changed
before it, assets last judged before it, and the runs nothing left
names. What still held at DATE stays, so KPIs from DATE on are unchanged;
trends before it are gone. One transaction: an interrupted prune removes
nothing. --dry-run counts without removing.`,
		Example: `  paved store prune --store sqlite://paved.db --before 2026-01-01 --dry-run
  paved store prune --before "$(date -u -d '13 months ago' +%F)"   # keep 13 months`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if before == "" {
				return usageError("--before DATE is required")
			}
			at, err := parseWhen("--before", before, false)
			if err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), url, false)
			if err != nil {
				return err
			}
			defer st.Close()
			p, err := st.Prune(cmd.Context(), at, dryRun)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			verb := "removed"
			if dryRun {
				verb = "would remove"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s, from before %s: %d runs, %d findings, %d waived spans, %d verdicts, %d assets, %d sightings, %d policies\n",
				verb, at.Format(time.RFC3339), p.Runs, p.Findings, p.WaivedPeriods, p.Verdicts, p.Assets, p.Sightings, p.Policies)
			return nil
		},
	}
	cmd.Flags().StringVar(&url, "store", "", "history store: sqlite://PATH or postgres://… (default $PAVED_STORE)")
	cmd.Flags().StringVar(&before, "before", "", "remove history that ended before this date (YYYY-MM-DD, UTC) or RFC 3339 time")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "count what would be removed, and remove nothing")
	return cmd
}
