package serve

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paved-dev/paved/evidence/kpi"
)

// scrape reads /metrics: every sample as name{labels} → value.
func scrape(t *testing.T, s *Server, token string) map[string]float64 {
	t.Helper()
	w := get(t, s, "/metrics", token, false)
	if w.Code != 200 {
		t.Fatalf("/metrics: %d %s", w.Code, w.Body)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(w.Body.String(), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("/metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

func TestMetrics(t *testing.T) {
	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	s := newTestServer(t, f.st, rt)
	m := scrape(t, s, rt.viewer)
	for series, want := range map[string]float64{
		`paved_kpi_up`:                                                     1,
		`paved_coverage_ratio`:                                             0.6,
		`paved_coverage_assets`:                                            5,
		`paved_coverage_passing_assets`:                                    3,
		`paved_coverage_team_ratio{team="payments"}`:                       1.0 / 3,
		`paved_coverage_team_assets{team="payments"}`:                      3,
		`paved_coverage_team_ratio{team="(none)"}`:                         1,
		`paved_coverage_kind_ratio{kind="repo"}`:                           1,
		`paved_coverage_policy_ratio{policy="TF-3"}`:                       2.0 / 3,
		`paved_coverage_severity_ratio{severity="high"}`:                   2.0 / 3,
		`paved_adoption_golden_path_ratio`:                                 0.5,
		`paved_adoption_repositories`:                                      2,
		`paved_adoption_team_ratio{team="web"}`:                            0,
		`paved_remediation_median_days{severity="critical"}`:               40,
		`paved_remediation_resolved{severity="medium"}`:                    1,
		`paved_sla_days{severity="high"}`:                                  30,
		`paved_findings_open{severity="high"}`:                             1,
		`paved_findings_open_past_sla{severity="high"}`:                    1,
		`paved_findings_open_past_sla_by_age{age="0-7d",severity="high"}`:  1,
		`paved_findings_open_past_sla_by_age{age="7-30d",severity="high"}`: 0,
		`paved_sla_within_ratio{severity="critical"}`:                      0,
		`paved_findings_waived{severity="critical"}`:                       1,
		`paved_store_runs`:                                                 8,
		`paved_store_assets`:                                               6,
		`paved_store_last_run_timestamp_seconds`:                           float64(f.day(70).Unix()),
	} {
		got, ok := m[series]
		if !ok {
			t.Errorf("/metrics has no %s", series)
		} else if diff := got - want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}

	// Caps: two teams, two policies; the rest summed as (other).
	s = newTestServer(t, f.st, rt, WithLabelCaps(2, 2))
	m = scrape(t, s, rt.viewer)
	teams, policies := 0, 0
	for series := range m {
		if strings.HasPrefix(series, "paved_coverage_team_ratio{") {
			teams++
		}
		if strings.HasPrefix(series, "paved_coverage_policy_ratio{") {
			policies++
		}
	}
	if teams != 2 || policies != 2 {
		t.Errorf("capped at 2: %d teams, %d policies", teams, policies)
	}
	// payments has the most assets; (none) and web (one each) sum to 2 of 2.
	if m[`paved_coverage_team_ratio{team="payments"}`] == 0 || m[`paved_coverage_team_assets{team="(other)"}`] != 2 || m[`paved_coverage_team_ratio{team="(other)"}`] != 1 {
		t.Errorf("capped teams: %v", m)
	}
}

func TestCapShares(t *testing.T) {
	got := capShares(map[string]kpi.Share{"a": {Value: 1, Passing: 4, Assets: 4}, "b": {Value: 0.5, Passing: 1, Assets: 2}, "c": {Passing: 0, Assets: 2}, "d": {Value: 1, Passing: 1, Assets: 1}}, 3)
	if len(got) != 3 || got[0].label != "a" || got[1].label != "b" || got[2].label != OtherLabel ||
		got[2].share.Assets != 3 || got[2].share.Passing != 1 || got[2].share.Value != 1.0/3 {
		t.Errorf("capShares: %+v", got)
	}
	if got := capShares(map[string]kpi.Share{"a": {}, "b": {}}, 2); len(got) != 2 {
		t.Errorf("under the cap: %+v", got)
	}
}

// TestGrafanaDashboard checks examples/grafana/paved-kpis.json: a Grafana
// dashboard whose every query names only metrics /metrics exports.
func TestGrafanaDashboard(t *testing.T) {
	raw, err := os.ReadFile("../../examples/grafana/paved-kpis.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Title         string `json:"title"`
		UID           string `json:"uid"`
		SchemaVersion int    `json:"schemaVersion"`
		Inputs        []struct {
			Name, Type, PluginID string
		} `json:"__inputs"`
		Templating struct {
			List []struct {
				Name  string `json:"name"`
				Query struct {
					Query string `json:"query"`
				} `json:"query"`
			} `json:"list"`
		} `json:"templating"`
		Panels []struct {
			ID         int    `json:"id"`
			Type       string `json:"type"`
			Title      string `json:"title"`
			Datasource struct {
				Type, UID string
			} `json:"datasource"`
			GridPos struct {
				H, W, X, Y *int
			} `json:"gridPos"`
			Targets []struct {
				RefID string `json:"refId"`
				Expr  string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if err := dec.Decode(&dash); err != nil {
		t.Fatalf("paved-kpis.json: %v", err)
	}
	if dash.Title == "" || dash.UID == "" || dash.SchemaVersion < 30 || len(dash.Panels) < 8 {
		t.Fatalf("paved-kpis.json: title %q, uid %q, schemaVersion %d, %d panels", dash.Title, dash.UID, dash.SchemaVersion, len(dash.Panels))
	}
	if len(dash.Inputs) != 1 || dash.Inputs[0].Name != "DS_PROMETHEUS" {
		t.Errorf("paved-kpis.json: __inputs %+v, want the Prometheus data source to import with", dash.Inputs)
	}
	var exprs []string
	ids := map[int]bool{}
	for _, p := range dash.Panels {
		if p.Type == "" || p.Title == "" || p.GridPos.H == nil || p.GridPos.W == nil || p.GridPos.X == nil || p.GridPos.Y == nil || len(p.Targets) == 0 ||
			p.Datasource.Type != "prometheus" || p.Datasource.UID != "${DS_PROMETHEUS}" || ids[p.ID] {
			t.Errorf("panel %d %q: type, title, gridPos, a Prometheus data source, targets, a unique id: %+v", p.ID, p.Title, p)
		}
		ids[p.ID] = true
		for _, tg := range p.Targets {
			if tg.Expr == "" || tg.RefID == "" {
				t.Errorf("panel %q: target %+v without expr or refId", p.Title, tg)
			}
			exprs = append(exprs, tg.Expr)
		}
	}
	for _, v := range dash.Templating.List {
		exprs = append(exprs, v.Query.Query)
	}

	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	exported := map[string]bool{}
	for series := range scrape(t, newTestServer(t, f.st, rt), rt.viewer) {
		name, _, _ := strings.Cut(series, "{")
		exported[name] = true
	}
	names := regexp.MustCompile(`\bpaved_[a-z0-9_]+`)
	used := 0
	for _, e := range exprs {
		for _, name := range names.FindAllString(e, -1) {
			used++
			if !exported[name] {
				t.Errorf("paved-kpis.json queries %s (in %q), which /metrics does not export", name, e)
			}
		}
	}
	if used == 0 {
		t.Error("paved-kpis.json queries no paved metric")
	}
}
