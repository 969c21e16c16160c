package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/engine/config"
	"github.com/paved-dev/paved/evidence/kpi"
)

func newKPICmd() *cobra.Command {
	var f struct {
		store, at, since, team, kind, format, config string
	}
	cmd := &cobra.Command{
		Use:   "kpi",
		Short: "Coverage, remediation time, SLA breaches and golden-path adoption, from the history store",
		Long: `Kpi reads the history store that paved check --store (or paved store
import) fills, and prints the figures a platform team is judged on, at
one time (--at, default now), with their weekly trend:

  coverage      share of live assets passing every baseline policy that
                judged them (policies tagged baseline; when none is, every
                deny policy), overall and by team, kind, policy, severity
  adoption      share of repositories passing every golden-path policy
  remediation   days from first seen to resolved of the findings resolved
                in the window (--since, default 12 weeks before --at):
                median and p90 by severity, share resolved within the SLA
  SLA           open findings past their SLA by severity, in age buckets;
                a waiver pauses a finding's clock, which resumes where it
                stopped when the waiver ends
  waived        open findings under a waiver, apart, soonest expiry first
  trend         the figures at the end of each week back to --since; a
                week in which the policy set changed is marked

An asset no run has judged for 30 days (kpi.stale_days) is left out.
SLA days default to critical 7, high 30, medium 90, low 180; set them in
.paved.yaml:

  kpi:
    sla: {critical: 14, high: 30}
    stale_days: 45

docs/kpi.md defines every figure. --format json prints the paved.kpi/v1
document (schemas/paved.kpi.v1.json); --format csv one row per figure
(at, figure, cut, key, value, passing, total) for a BI tool.`,
		Example: `  paved kpi --store sqlite://paved.db
  PAVED_STORE=postgres://paved@db/paved paved kpi --team payments
  paved kpi --store sqlite://paved.db --at 2025-06-30 --since 2025-04-01   # the state at the end of June 30
  paved kpi --store sqlite://paved.db --kind terraform --format csv > kpi.csv
  paved kpi --store sqlite://paved.db --format json | jq .coverage.overall`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runKPI(cmd, f.store, f.at, f.since, f.team, f.kind, f.format, f.config)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.store, "store", "", "history store: sqlite://PATH or postgres://USER@HOST/DB (default $PAVED_STORE, which keeps a password out of command lines)")
	fl.StringVar(&f.at, "at", "", "the time to show the state at: YYYY-MM-DD (the end of that UTC day) or RFC 3339 (default now)")
	fl.StringVar(&f.since, "since", "", "start of the remediation window and of the trend: YYYY-MM-DD (the start of that UTC day) or RFC 3339 (default 12 weeks before --at)")
	fl.StringVar(&f.team, "team", "", "count only the assets of this team (owner); '"+kpi.NoTeam+"' for assets with no known owner")
	fl.StringVar(&f.kind, "kind", "", "count only assets of this kind: "+strings.Join(kindNames(), ", "))
	fl.StringVarP(&f.format, "format", "f", "table", "output: table, json (paved.kpi/v1) or csv")
	fl.StringVar(&f.config, "config", "", "configuration file for kpi.sla and kpi.stale_days (default: .paved.yaml in the current directory or a parent, up to the repository root; 'none' reads none)")
	return cmd
}

func runKPI(cmd *cobra.Command, storeFlag, at, since, team, kind, format, configFile string) error {
	var write func(io.Writer, *kpi.Report) error
	switch format {
	case "table", "text":
		color := isTerminal(cmd.OutOrStdout())
		write = func(w io.Writer, r *kpi.Report) error { return kpi.WriteText(w, r, color) }
	case "json":
		write = kpi.WriteJSON
	case "csv":
		write = kpi.WriteCSV
	default:
		return usageError("--format %q: want table, json or csv", format)
	}
	if kind != "" && !slices.Contains(kindNames(), kind) {
		return usageError("--kind %q: want one of %s", kind, strings.Join(kindNames(), ", "))
	}
	var o kpi.Options
	var err error
	if at != "" {
		if o.At, err = parseWhen("--at", at, true); err != nil {
			return err
		}
	}
	if since != "" {
		if o.Since, err = parseWhen("--since", since, false); err != nil {
			return err
		}
	}
	o.Filter = kpi.Filter{Team: team, Kind: kind}
	if o.SLA, o.StaleDays, err = kpiSettings(configFile); err != nil {
		return err
	}
	st, err := openStore(cmd.Context(), storeFlag, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if team != "" || kind != "" {
		teams, kinds, err := kpi.Cuts(cmd.Context(), st)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		if team != "" && !slices.Contains(teams, team) {
			return usageError("--team %q: no asset in the store has that owner (teams: %s)", team, someNames(teams))
		}
		if kind != "" && !slices.Contains(kinds, kind) {
			return usageError("--kind %q: no asset in the store is of that kind (kinds: %s)", kind, someNames(kinds))
		}
	}
	rep, err := kpi.Compute(cmd.Context(), st, o)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if err := write(cmd.OutOrStdout(), rep); err != nil {
		return &exitError{code: 2, err: err}
	}
	return nil
}

// someNames lists a few of names, for a message.
func someNames(names []string) string {
	const most = 20
	if len(names) == 0 {
		return "none yet"
	}
	if len(names) > most {
		return strings.Join(names[:most], ", ") + fmt.Sprintf(" and %d more", len(names)-most)
	}
	return strings.Join(names, ", ")
}

// isTerminal says whether w is a terminal that wants colour (NO_COLOR
// unset).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// kpiSettings are the SLA days and stale days of the configuration file
// (--config; default the .paved.yaml found from the current directory;
// "none" reads none): nil and 0, the defaults, when it has none.
func kpiSettings(configFile string) (map[string]int, int, error) {
	if configFile == "" {
		var err error
		if configFile, err = config.Find("."); err != nil {
			return nil, 0, &exitError{code: 2, err: err}
		}
	}
	if configFile == "" || configFile == "none" {
		return nil, 0, nil
	}
	cfg, err := config.Load(configFile)
	if err != nil {
		return nil, 0, &exitError{code: 2, err: err}
	}
	return cfg.KPI.SLA, cfg.KPI.StaleDays, nil
}
