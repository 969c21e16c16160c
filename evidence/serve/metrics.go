package serve

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Label sets on /metrics are bounded: at most MaxMetricTeams teams and
// MaxMetricPolicies policies get their own series (those with the most
// assets, then by name), and the rest are summed into one series labelled
// OtherLabel. Kinds (five) and severities (four) are few by construction,
// and capped at maxMetricSmall all the same.
const (
	MaxMetricTeams    = 50
	MaxMetricPolicies = 100
	maxMetricSmall    = 10
	// OtherLabel labels the series that sums what the caps leave out. In
	// parentheses like kpi.NoTeam's "(none)", so that no real team or
	// policy is taken for it.
	OtherLabel = "(other)"
)

// metricTimeout bounds the KPI computation one scrape waits for.
const metricTimeout = 30 * time.Second

// metric is one KPI gauge: its name, help and labels.
type metric struct {
	desc *prometheus.Desc
}

func newMetric(name, help string, labels ...string) metric {
	return metric{prometheus.NewDesc(name, help, labels, nil)}
}

// kpiMetrics are the gauges /metrics exports, computed from the KPI
// report at the time of the scrape (through the server's short cache).
type kpiMetrics struct {
	s *Server

	up, coverage, covAssets, covPassing                   metric
	covTeam, covTeamAssets, covKind, covKindAssets        metric
	covPolicy, covPolicyAssets, covSev, covSevAssets      metric
	adoption, adoptionRepos, adoptionTeam                 metric
	remMedian, remP90, remResolved                        metric
	slaDays, open, pastSLA, pastSLAAge, withinSLA, waived metric
	runs, assets, lastRun                                 metric
}

func (s *Server) newKPIMetrics() *kpiMetrics {
	return &kpiMetrics{
		s:               s,
		up:              newMetric("paved_kpi_up", "1 when the KPIs could be computed from the store at this scrape, else 0 (and no other paved_ series)."),
		coverage:        newMetric("paved_coverage_ratio", "Share of live assets passing every baseline policy that judged them (0..1)."),
		covAssets:       newMetric("paved_coverage_assets", "Live assets judged by at least one baseline policy."),
		covPassing:      newMetric("paved_coverage_passing_assets", "Of those, assets passing every baseline policy."),
		covTeam:         newMetric("paved_coverage_team_ratio", "Coverage of one team's assets (0..1); team \"(none)\" has no owner, \"(other)\" sums the teams past the cap.", "team"),
		covTeamAssets:   newMetric("paved_coverage_team_assets", "Live assets of one team judged by a baseline policy.", "team"),
		covKind:         newMetric("paved_coverage_kind_ratio", "Coverage of one kind of asset (0..1).", "kind"),
		covKindAssets:   newMetric("paved_coverage_kind_assets", "Live assets of one kind judged by a baseline policy.", "kind"),
		covPolicy:       newMetric("paved_coverage_policy_ratio", "Share of the live assets a baseline policy judged that pass it (0..1); \"(other)\" sums the policies past the cap.", "policy"),
		covPolicyAssets: newMetric("paved_coverage_policy_assets", "Live assets a baseline policy judged.", "policy"),
		covSev:          newMetric("paved_coverage_severity_ratio", "Share of live assets passing every baseline policy of one severity (0..1).", "severity"),
		covSevAssets:    newMetric("paved_coverage_severity_assets", "Live assets judged by a baseline policy of one severity.", "severity"),
		adoption:        newMetric("paved_adoption_golden_path_ratio", "Share of repositories passing every golden-path policy that judged them (0..1)."),
		adoptionRepos:   newMetric("paved_adoption_repositories", "Repositories judged by a golden-path policy."),
		adoptionTeam:    newMetric("paved_adoption_team_ratio", "Golden-path adoption of one team's repositories (0..1).", "team"),
		remMedian:       newMetric("paved_remediation_median_days", "Median days from first seen to resolved, of the findings resolved in the window (the last 12 weeks).", "severity"),
		remP90:          newMetric("paved_remediation_p90_days", "90th percentile of the same days.", "severity"),
		remResolved:     newMetric("paved_remediation_resolved", "Findings resolved in the window.", "severity"),
		slaDays:         newMetric("paved_sla_days", "Days a finding of the severity may stay open.", "severity"),
		open:            newMetric("paved_findings_open", "Open findings, not waived.", "severity"),
		pastSLA:         newMetric("paved_findings_open_past_sla", "Open findings past their SLA on the SLA clock (paused while waived).", "severity"),
		pastSLAAge:      newMetric("paved_findings_open_past_sla_by_age", "Open findings past their SLA, by how long past: 0-7d, 7-30d, 30-90d, 90d+.", "severity", "age"),
		withinSLA:       newMetric("paved_sla_within_ratio", "Share of the window's resolved findings resolved within their SLA (1 when none).", "severity"),
		waived:          newMetric("paved_findings_waived", "Open findings under a waiver, counted apart from the open ones.", "severity"),
		runs:            newMetric("paved_store_runs", "Runs recorded in the store."),
		assets:          newMetric("paved_store_assets", "Assets the store has seen."),
		lastRun:         newMetric("paved_store_last_run_timestamp_seconds", "When the store's last run started, in Unix seconds (0: no run)."),
	}
}

func (m *kpiMetrics) all() []metric {
	return []metric{m.up, m.coverage, m.covAssets, m.covPassing, m.covTeam, m.covTeamAssets, m.covKind, m.covKindAssets,
		m.covPolicy, m.covPolicyAssets, m.covSev, m.covSevAssets, m.adoption, m.adoptionRepos, m.adoptionTeam,
		m.remMedian, m.remP90, m.remResolved, m.slaDays, m.open, m.pastSLA, m.pastSLAAge, m.withinSLA, m.waived,
		m.runs, m.assets, m.lastRun}
}

// Describe sends every gauge's description.
func (m *kpiMetrics) Describe(ch chan<- *prometheus.Desc) {
	for _, x := range m.all() {
		ch <- x.desc
	}
}

// Collect computes (or takes from the cache) the KPIs now and sends them.
func (m *kpiMetrics) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), metricTimeout)
	defer cancel()
	rep, err := m.s.cache.get(ctx, reportKey{})
	if err != nil {
		m.s.log.Error("serve: /metrics: KPIs", "err", err)
		ch <- prometheus.MustNewConstMetric(m.up.desc, prometheus.GaugeValue, 0)
		return
	}
	gauge := func(x metric, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(x.desc, prometheus.GaugeValue, v, labels...)
	}
	gauge(m.up, 1)
	gauge(m.coverage, rep.Coverage.Overall)
	gauge(m.covAssets, float64(rep.Coverage.Assets))
	gauge(m.covPassing, float64(rep.Coverage.Passing))
	cut := func(ratio, assets metric, shares map[string]kpi.Share, limit int) {
		for _, c := range capShares(shares, limit) {
			gauge(ratio, c.share.Value, c.label)
			gauge(assets, float64(c.share.Assets), c.label)
		}
	}
	cut(m.covTeam, m.covTeamAssets, rep.Coverage.ByTeam, m.s.maxTeams)
	cut(m.covKind, m.covKindAssets, rep.Coverage.ByKind, maxMetricSmall)
	cut(m.covPolicy, m.covPolicyAssets, rep.Coverage.ByPolicy, m.s.maxPols)
	cut(m.covSev, m.covSevAssets, rep.Coverage.BySeverity, maxMetricSmall)
	gauge(m.adoption, rep.Adoption.GoldenPath)
	gauge(m.adoptionRepos, float64(rep.Adoption.Repositories))
	for _, c := range capShares(rep.Adoption.ByTeam, m.s.maxTeams) {
		gauge(m.adoptionTeam, c.share.Value, c.label)
	}
	for _, sev := range kpi.Severities() {
		r, s := rep.Remediation[sev], rep.SLA[sev]
		gauge(m.remMedian, r.MedianDays, sev)
		gauge(m.remP90, r.P90Days, sev)
		gauge(m.remResolved, float64(r.Resolved), sev)
		gauge(m.slaDays, float64(s.Days), sev)
		gauge(m.open, float64(s.Open), sev)
		gauge(m.pastSLA, float64(s.OpenPastSLA), sev)
		for _, b := range kpi.PastSLABuckets() {
			gauge(m.pastSLAAge, float64(s.PastSLABuckets[b]), sev, b)
		}
		gauge(m.withinSLA, s.WithinSLA, sev)
		gauge(m.waived, float64(rep.Waived.BySeverity[sev]), sev)
	}
	gauge(m.runs, float64(rep.Store.Runs))
	gauge(m.assets, float64(rep.Store.Assets))
	last := 0.0
	if !rep.Store.LastRun.IsZero() {
		last = float64(rep.Store.LastRun.UnixNano()) / 1e9
	}
	gauge(m.lastRun, last)
}

type labelled struct {
	label string
	share kpi.Share
}

// capShares are the shares by label, at most limit of them: the limit−1
// with the most assets (then by label) on their own and the rest summed
// under OtherLabel, whose value is the passing share of the sum.
func capShares(m map[string]kpi.Share, limit int) []labelled {
	out := make([]labelled, 0, len(m))
	for k, v := range m {
		out = append(out, labelled{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].share.Assets != out[j].share.Assets {
			return out[i].share.Assets > out[j].share.Assets
		}
		return out[i].label < out[j].label
	})
	if limit < 1 || len(out) <= limit {
		return out
	}
	other := labelled{label: OtherLabel}
	for _, l := range out[limit-1:] {
		other.share.Assets += l.share.Assets
		other.share.Passing += l.share.Passing
	}
	if other.share.Assets > 0 {
		other.share.Value = float64(other.share.Passing) / float64(other.share.Assets)
	}
	return append(out[:limit-1], other)
}

// metricsHandler serves the server's own registry (never the global
// one): the KPI gauges, and the Go runtime's and process's own.
func (s *Server) metricsHandler() http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(s.newKPIMetrics(), collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}
