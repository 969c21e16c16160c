package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
	"github.com/paved-dev/paved/evidence/kpi/kpitest"
	"github.com/paved-dev/paved/evidence/store"
	"github.com/paved-dev/paved/evidence/store/storetest"
)

// kpiEnd is the last run of the CLI tests' generated histories.
var kpiEnd = time.Date(2026, 3, 31, 2, 0, 0, 0, time.UTC)

// kpiStore is a store holding a small generated history, its URL.
func kpiStore(t *testing.T, url string) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := kpitest.Generate(ctx, st, kpitest.Params{Assets: 40, Policies: 10, Days: 30, End: kpiEnd, Seed: 3}, nil); err != nil {
		t.Fatal(err)
	}
	return url
}

func kpiJSON(t *testing.T, out string) *kpi.Report {
	t.Helper()
	var r kpi.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%.2000s", err, out)
	}
	return &r
}

// paved kpi --format json meets the published schema, on both databases,
// and says what kpi.Compute says.
func TestKPIJSONMeetsSchema(t *testing.T) {
	for name, url := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			db := kpiStore(t, url)
			for _, args := range [][]string{
				{"--at", "2026-03-31"},
				{"--at", "2026-03-20T12:00:00Z", "--since", "2026-03-01", "--team", "payments"},
				{"--at", "2026-03-31", "--kind", "sbom"},
				{"--at", "2026-01-01"}, // before the first run
			} {
				code, out, errs := paved(t, append([]string{"kpi", "--store", db, "--config", "none", "-f", "json"}, args...)...)
				if code != 0 {
					t.Fatalf("%q: exit %d: %s", args, code, errs)
				}
				validate(t, "../../schemas/paved.kpi.v1.json", out)
				rep := kpiJSON(t, out)
				if rep.Schema != kpi.Schema || rep.Store.Runs != 30 || len(rep.Trends) == 0 {
					t.Errorf("%q: %+v", args, rep.Store)
				}
			}
		})
	}
}

// emptyStore is a new store with nothing recorded, its URL.
func emptyStore(t *testing.T, path string) string {
	t.Helper()
	url := "sqlite://" + path
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	return url
}

// A store with no runs yet has a report of nothing, in every format.
func TestKPIEmptyStore(t *testing.T) {
	db := emptyStore(t, filepath.Join(t.TempDir(), "paved.db"))
	code, out, errs := paved(t, "kpi", "--store", db, "--config", "none", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	validate(t, "../../schemas/paved.kpi.v1.json", out)
	if rep := kpiJSON(t, out); rep.Store.Runs != 0 || rep.Coverage.Assets != 0 || len(rep.Trends) != 13 {
		t.Errorf("empty store: %+v", rep)
	}
	if code, out, errs := paved(t, "kpi", "--store", db, "--config", "none"); code != 0 || !strings.Contains(out, "the store has no runs yet") {
		t.Errorf("table: exit %d: %s%s", code, out, errs)
	}
	if code, out, errs := paved(t, "kpi", "--store", db, "--config", "none", "-f", "csv"); code != 0 || !strings.Contains(out, "coverage,overall,,0,0,0") {
		t.Errorf("csv: exit %d: %s%s", code, out, errs)
	}
}

func TestKPIFormats(t *testing.T) {
	db := kpiStore(t, "sqlite://"+filepath.Join(t.TempDir(), "paved.db"))
	code, out, errs := paved(t, "kpi", "--store", db, "--config", "none", "--at", "2026-03-31", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rep := kpiJSON(t, out)
	if want := time.Date(2026, 3, 31, 23, 59, 59, 999999999, time.UTC); !rep.At.Equal(want) || !rep.Since.Equal(want.AddDate(0, 0, -84)) {
		t.Errorf("--at 2026-03-31: at %s since %s, want the end of the day and 12 weeks before", rep.At, rep.Since)
	}
	if rep.Coverage.Assets == 0 || len(rep.Trends) != 13 {
		t.Fatalf("coverage of %d assets, %d points", rep.Coverage.Assets, len(rep.Trends))
	}

	// The table: every section, the figures the JSON has, no colour.
	code, table, errs := paved(t, "kpi", "--store", db, "--config", "none", "--at", "2026-03-31")
	if code != 0 {
		t.Fatalf("table: exit %d: %s", code, errs)
	}
	for _, want := range []string{"KPIs at 2026-03-31 23:59 UTC", "COVERAGE", "ADOPTION", "REMEDIATION AND SLA", "WAIVED", "TREND",
		strconv.FormatFloat(100*rep.Coverage.Overall, 'f', 1, 64) + "%", "critical     7d", "  team ", "  policy "} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	if strings.Contains(table, "\x1b[") {
		t.Error("colour written to a pipe")
	}

	// The CSV: a header, then one figure a row; its coverage is the JSON's.
	code, out, errs = paved(t, "kpi", "--store", db, "--config", "none", "--at", "2026-03-31", "--format", "csv")
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v", err)
	}
	if strings.Join(rows[0], ",") != "at,figure,cut,key,value,passing,total" {
		t.Errorf("csv header %q", rows[0])
	}
	figures := map[string]bool{}
	found := false
	for _, r := range rows[1:] {
		figures[r[1]] = true
		if _, err := time.Parse(time.RFC3339Nano, r[0]); err != nil {
			t.Errorf("row %q: at: %v", r, err)
		}
		if _, err := strconv.ParseFloat(r[4], 64); err != nil {
			t.Errorf("row %q: value: %v", r, err)
		}
		if r[1] == "coverage" && r[2] == "overall" {
			found = true
			if v, _ := strconv.ParseFloat(r[4], 64); v != rep.Coverage.Overall || r[5] != strconv.Itoa(rep.Coverage.Passing) || r[6] != strconv.Itoa(rep.Coverage.Assets) {
				t.Errorf("csv coverage %q, JSON %v %d/%d", r, rep.Coverage.Overall, rep.Coverage.Passing, rep.Coverage.Assets)
			}
		}
	}
	if !found {
		t.Error("no overall coverage row")
	}
	for _, f := range []string{"coverage", "adoption", "remediation_median_days", "remediation_p90_days", "sla_open_past", "sla_open_past_bucket",
		"sla_within", "waived_open", "trend_coverage", "trend_adoption", "trend_open_past_sla", "trend_week_median_days", "trend_policy_change", "policy_added", "store_runs"} {
		if !figures[f] {
			t.Errorf("csv has no %s rows", f)
		}
	}

	// $PAVED_STORE when --store is not given, and a filter by team.
	t.Setenv("PAVED_STORE", db)
	code, out, errs = paved(t, "kpi", "--config", "none", "--at", "2026-03-31", "--team", "payments", "-f", "json")
	if code != 0 {
		t.Fatalf("PAVED_STORE: exit %d: %s", code, errs)
	}
	if r := kpiJSON(t, out); r.Filter.Team != "payments" || r.Coverage.Assets == 0 || r.Coverage.Assets >= rep.Coverage.Assets || len(r.Coverage.ByTeam) != 1 {
		t.Errorf("--team payments: %+v", r.Coverage)
	}
}

// .paved.yaml's kpi section sets the SLA days and the stale days.
func TestKPIConfig(t *testing.T) {
	dir := t.TempDir()
	db := kpiStore(t, "sqlite://"+filepath.Join(dir, "paved.db"))
	cfg := filepath.Join(dir, ".paved.yaml")
	if err := os.WriteFile(cfg, []byte("kpi:\n  sla:\n    critical: 14\n  stale_days: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := paved(t, "kpi", "--store", db, "--config", cfg, "--at", "2026-03-31", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rep := kpiJSON(t, out)
	if rep.SLA["critical"].Days != 14 || rep.SLA["high"].Days != 30 || rep.Store.StaleDays != 3 {
		t.Errorf("sla %+v, stale days %d: want critical 14, high 30 (default), 3", rep.SLA, rep.Store.StaleDays)
	}
	// Found from the working directory as check finds it.
	t.Chdir(dir)
	if code, out, errs := paved(t, "kpi", "--store", db, "--at", "2026-03-31", "-f", "json"); code != 0 || kpiJSON(t, out).SLA["critical"].Days != 14 {
		t.Errorf(".paved.yaml in the working directory: exit %d: %s", code, errs)
	}
	if err := os.WriteFile(cfg, []byte("kpi:\n  sla:\n    critical: 14\n    urgent: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := paved(t, "kpi", "--store", db, "--at", "2026-03-31"); code != 2 || !strings.Contains(errs, ".paved.yaml:4: kpi/sla: additional properties 'urgent' not allowed") {
		t.Errorf("unknown severity: exit %d: %s", code, errs)
	}
}

func TestKPIErrors(t *testing.T) {
	db := kpiStore(t, "sqlite://"+filepath.Join(t.TempDir(), "paved.db"))
	t.Setenv("PAVED_STORE", "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"kpi", "--config", "none"}, "no store"},
		{[]string{"kpi", "--store", "mysql://x/y", "--config", "none"}, "want sqlite://PATH or postgres://"},
		{[]string{"kpi", "--store", db, "--config", "none", "--at", "yesterday"}, `--at "yesterday": want a date YYYY-MM-DD or an RFC 3339 time`},
		{[]string{"kpi", "--store", db, "--config", "none", "--since", "2026-02-30"}, `--since "2026-02-30"`},
		{[]string{"kpi", "--store", db, "--config", "none", "--at", "2026-03-01", "--since", "2026-03-02"}, "is not before at"},
		{[]string{"kpi", "--store", db, "--config", "none", "--at", "2026-03-01", "--since", "2010-01-01"}, "at most 260 weeks"},
		{[]string{"kpi", "--store", db, "--config", "none", "--format", "xml"}, `--format "xml": want table, json or csv`},
		{[]string{"kpi", "--store", db, "--config", "none", "--team", "paymnets"}, `--team "paymnets": no asset in the store has that owner (teams: (none), checkout, data,`},
		{[]string{"kpi", "--store", db, "--config", "none", "--kind", "terraform-module"}, `--kind "terraform-module": want one of terraform, dockerfile, sbom, repo, image`},
		{[]string{"kpi", "--store", db, "--config", "none", "--kind", "dockerfile"}, `--kind "dockerfile": no asset in the store is of that kind (kinds: image, repo, sbom, terraform)`},
		{[]string{"kpi", "--store", db, "--config", "missing.yaml"}, "missing.yaml"},
		{[]string{"kpi", "--store", db, "extra"}, "unknown command"},
	} {
		code, out, errs := paved(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) || out != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 saying %q", c.args, code, out, errs, c.want)
		}
	}
}

func TestKPIHelpTeaches(t *testing.T) {
	code, out, _ := paved(t, "kpi", "--help")
	for _, want := range []string{"coverage", "adoption", "SLA", "--at 2025-06-30", "--format csv", "PAVED_STORE", "kpi:\n    sla:", "docs/kpi.md",
		"kind: " + strings.Join(kindNames(), ", ")} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("help lacks %q (exit %d):\n%s", want, code, out)
		}
	}
}
