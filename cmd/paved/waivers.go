package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/check"
	"github.com/spf13/cobra"
)

func newWaiversCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "waivers",
		Short: "Review governed exceptions",
	}
	cmd.AddCommand(newWaiversListCmd())
	return cmd
}

func newWaiversListCmd() *cobra.Command {
	f := checkFlags{failOn: engine.SeverityHigh, timeout: engine.DefaultTimeout}
	var format string
	cmd := &cobra.Command{
		Use:   "list [PATH...]",
		Short: "List every waiver with its status: active, expiring, expired or stale",
		Long: `List checks PATH (default: the current directory) like 'paved check' and shows
every waiver — from the waivers file, inline paved:ignore comments and the
VEX statements of SBOMs (those that waived a finding) — with what it matched:

  active    in force
  expiring  in force, expires within 14 days
  expired   past its date: the findings it covered block again
  stale     matches nothing any more: delete it

The exit code is 0 unless the waivers or the input cannot be read (2).`,
		Example: `  paved waivers list
  paved waivers list infra --waivers .paved/waivers.yaml --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("--format %q: want text or json", format)
			}
			opts, err := f.options(cmd, args)
			if err != nil {
				return err
			}
			rep, err := check.Run(cmd.Context(), opts)
			var loadErr *check.LoadError
			if err != nil && !errors.As(err, &loadErr) {
				return &exitError{code: 2, err: err}
			}
			if loadErr != nil {
				return &exitError{code: 2, err: fmt.Errorf("could not load all input:\n%s", loadErr.Diagnostics.Error())}
			}
			ws := rep.Waivers
			engine.SortWaivers(ws)
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if ws == nil {
					ws = []*engine.Waiver{}
				}
				return enc.Encode(ws)
			}
			return writeWaiverTable(cmd.OutOrStdout(), ws)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&format, "format", "f", "text", "text or json")
	fl.StringVar(&f.config, "config", "", "configuration file (default: .paved.yaml found from PATH; 'none' reads none)")
	fl.StringVar(&f.waivers, "waivers", "", "waivers file (default: the config's, else .paved/waivers.yaml)")
	f.policy.register(cmd)
	fl.StringArrayVar(&f.dataFiles, "data", nil, "JSON or YAML file of policy parameters (repeatable)")
	fl.StringArrayVar(&f.excludes, "exclude", nil, "leave paths out of directory walks, gitignore syntax (repeatable)")
	return cmd
}

func writeWaiverTable(w io.Writer, ws []*engine.Waiver) error {
	if len(ws) == 0 {
		_, err := fmt.Fprintln(w, "no waivers")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tID\tPOLICY\tOWNER\tEXPIRES\tMATCHED\tSOURCE\tREASON")
	counts := map[string]int{}
	for _, x := range ws {
		counts[x.Status]++
		exp := x.Expires
		if exp == "" {
			exp = "never"
		}
		src := x.Source.File
		if x.Source.Line > 0 {
			src = fmt.Sprintf("%s:%d", src, x.Source.Line)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", x.Status, x.ID, x.Policy, x.Owner, exp, x.Matched, src, truncate(x.Reason, 60))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var parts []string
	for _, s := range []string{engine.WaiverActive, engine.WaiverExpiring, engine.WaiverExpired, engine.WaiverStale} {
		parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
	}
	_, err := fmt.Fprintf(w, "\n%d waivers: %s\n", len(ws), strings.Join(parts, ", "))
	return err
}

// truncate puts s on one line of at most n characters (runes: never half
// of one).
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
