package serve

import (
	"html/template"
	"net/http"
	"sort"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
)

// pageData is what the layout template renders; Body is the page's own.
type pageData struct {
	Title   string
	Q       query
	Who     Identity
	Version string
	Path    string // escaped, as links and forms need it
	JSON    string // the API path answering the same, "" none
	Kinds   []string
	Teams   []string // offered by the team filter
	Body    any
}

// CanAudit and CanAdmin say what the navigation offers.
func (p pageData) CanAudit() bool { return p.Who.Role >= Auditor }
func (p pageData) CanAdmin() bool { return p.Who.Role >= Admin }

type errorPage struct {
	Status  int
	Message string
}

type loginPage struct {
	Next, Message string
}

// policyRow is one policy in a table of policies: its metadata and how
// many of the assets it judged pass it.
type policyRow struct {
	kpi.PolicyInfo
	Share   kpi.Share
	Failing int
	Known   bool // the report has a share for it (a baseline policy)
}

type teamRow struct {
	Team     string
	Coverage kpi.Share
	Adoption *kpi.Share
}

type sevRow struct {
	Severity string
	Remed    kpi.Remed
	SLA      kpi.SLA
	Buckets  []int // in kpi.PastSLABuckets order
	Waived   int
}

type overviewPage struct {
	Rep         *kpi.Report
	Empty       bool
	PastSLA     int
	Trend       template.HTML
	RemedChart  template.HTML
	SLAChart    template.HTML
	TopFailing  []policyRow
	Teams       []teamRow
	Kinds       []kindRow
	Severities  []sevRow
	CovSeverity []kindRow
	Expiring    []kpi.WaivedFinding
}

type kindRow struct {
	Name  string
	Share kpi.Share
}

func shares(m map[string]kpi.Share) []kindRow {
	out := make([]kindRow, 0, len(m))
	for k, v := range m {
		out = append(out, kindRow{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func severityRows(rep *kpi.Report) []sevRow {
	var out []sevRow
	for _, sev := range kpi.Severities() {
		r := sevRow{Severity: sev, Remed: rep.Remediation[sev], SLA: rep.SLA[sev], Waived: rep.Waived.BySeverity[sev]}
		for _, b := range kpi.PastSLABuckets() {
			r.Buckets = append(r.Buckets, r.SLA.PastSLABuckets[b])
		}
		out = append(out, r)
	}
	return out
}

func pastSLA(rep *kpi.Report) int {
	n := 0
	for _, s := range rep.SLA {
		n += s.OpenPastSLA
	}
	return n
}

// policyRows joins the policies' metadata to the report's shares.
func policyRows(rep *kpi.Report, pols []kpi.PolicyInfo) []policyRow {
	out := make([]policyRow, 0, len(pols))
	for _, p := range pols {
		row := policyRow{PolicyInfo: p}
		if sh, ok := rep.Coverage.ByPolicy[p.ID]; ok {
			row.Share, row.Failing, row.Known = sh, sh.Assets-sh.Passing, true
		}
		out = append(out, row)
	}
	return out
}

// topFailing are the n baseline policies failing the most assets.
func topFailing(rows []policyRow, n int) []policyRow {
	var out []policyRow
	for _, r := range rows {
		if r.Known && r.Failing > 0 {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Failing != out[j].Failing {
			return out[i].Failing > out[j].Failing
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func teamRows(rep *kpi.Report) []teamRow {
	names := map[string]bool{}
	for t := range rep.Coverage.ByTeam {
		names[t] = true
	}
	for t := range rep.Adoption.ByTeam {
		names[t] = true
	}
	out := make([]teamRow, 0, len(names))
	for t := range names {
		row := teamRow{Team: t, Coverage: rep.Coverage.ByTeam[t]}
		if a, ok := rep.Adoption.ByTeam[t]; ok {
			row.Adoption = &a
		}
		out = append(out, row)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Team < out[j].Team })
	return out
}

// reportAndPolicies is the KPI report a request asks for, and every
// policy's metadata; false when it failed (and said so).
func (s *Server) reportAndPolicies(w http.ResponseWriter, r *http.Request, req *request) (*kpi.Report, []kpi.PolicyInfo, bool) {
	rep, err := s.cache.get(r.Context(), req.q.key())
	if err != nil {
		s.failErr(w, r, req, "the KPIs", err)
		return nil, nil, false
	}
	pols, err := kpi.Policies(r.Context(), s.st)
	if err != nil {
		s.failErr(w, r, req, "the policies", err)
		return nil, nil, false
	}
	return rep, pols, true
}

// teamReport is a team's assets and its KPI report, as a request asks;
// false when it failed (and said so).
func (s *Server) teamReport(w http.ResponseWriter, r *http.Request, req *request, team string) (*kpi.TeamDetail, *kpi.Report, bool) {
	d, err := kpi.TeamAt(r.Context(), s.st, team, req.q.detail(s.staleDays))
	if err != nil {
		s.failErr(w, r, req, "team "+team, err)
		return nil, nil, false
	}
	k := req.q.key()
	k.filter.Team = team
	rep, err := s.cache.get(r.Context(), k)
	if err != nil {
		s.failErr(w, r, req, "the KPIs", err)
		return nil, nil, false
	}
	return d, rep, true
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request, req *request) {
	rep, pols, ok := s.reportAndPolicies(w, r, req)
	if !ok {
		return
	}
	p := overviewPage{
		Rep: rep, Empty: rep.Store.Runs == 0, PastSLA: pastSLA(rep),
		TopFailing: topFailing(policyRows(rep, pols), 10), Teams: teamRows(rep),
		Kinds: shares(rep.Coverage.ByKind), CovSeverity: shares(rep.Coverage.BySeverity), Severities: severityRows(rep),
	}
	p.Trend = trendChart(rep.Trends, rep.PolicySet)
	p.RemedChart = remediationChart(p.Severities)
	p.SLAChart = slaChart(p.Severities)
	p.Expiring = forRole(rep, req.who.Role).Waived.Expiring
	s.render(w, r, req, http.StatusOK, "overview", "Overview", p)
}

type teamPage struct {
	Team   string
	Rep    *kpi.Report
	Detail *kpi.TeamDetail
	Trend  template.HTML
	Sev    []sevRow
}

func (s *Server) team(w http.ResponseWriter, r *http.Request, req *request) {
	team := r.PathValue("team")
	d, rep, ok := s.teamReport(w, r, req, team)
	if !ok {
		return
	}
	p := teamPage{Team: team, Rep: rep, Detail: d, Trend: trendChart(rep.Trends, rep.PolicySet), Sev: severityRows(rep)}
	s.render(w, r, req, http.StatusOK, "team", "Team "+team, p)
}

type policiesPage struct {
	Rows []policyRow
	At   time.Time
}

func (s *Server) policyIndex(w http.ResponseWriter, r *http.Request, req *request) {
	rep, pols, ok := s.reportAndPolicies(w, r, req)
	if !ok {
		return
	}
	s.render(w, r, req, http.StatusOK, "policies", "Policies", policiesPage{Rows: policyRows(rep, pols), At: rep.At})
}

type policyPage struct {
	D *kpi.PolicyDetail
}

func (s *Server) policy(w http.ResponseWriter, r *http.Request, req *request) {
	id := r.PathValue("id")
	d, err := kpi.PolicyAt(r.Context(), s.st, id, req.q.detail(s.staleDays))
	if err != nil {
		s.failErr(w, r, req, "policy "+id, err)
		return
	}
	s.render(w, r, req, http.StatusOK, "policy", "Policy "+id, policyPage{D: d})
}

type assetPage struct {
	D        *kpi.AssetDetail
	Timeline template.HTML
	Findings []kpi.FindingLife
	Audit    bool
	Baseline bool // a baseline policy judges it
}

func (s *Server) asset(w http.ResponseWriter, r *http.Request, req *request) {
	ctx := r.Context()
	kind, id := r.PathValue("kind"), r.PathValue("id")
	o := req.q.detail(s.staleDays)
	d, err := kpi.AssetAt(ctx, s.st, kind, id, o)
	if err != nil {
		s.failErr(w, r, req, kind+" "+id, err)
		return
	}
	p := assetPage{D: d, Timeline: timelineChart(d), Audit: req.who.Role >= Auditor}
	for _, v := range d.Verdicts {
		p.Baseline = p.Baseline || v.Baseline
	}
	if p.Audit {
		if p.Findings, err = kpi.AssetFindings(ctx, s.st, kind, id, o); err != nil {
			s.failErr(w, r, req, "the findings of "+kind+" "+id, err)
			return
		}
	}
	s.render(w, r, req, http.StatusOK, "asset", kind+" "+id, p)
}

// runsPerPage is how many runs a page lists.
const runsPerPage = 50

type runsPage struct {
	Page       *kpi.RunPage
	Evidence   bool
	Prev, Next int // offsets; -1 none
}

func (s *Server) runs(w http.ResponseWriter, r *http.Request, req *request) {
	ev := r.URL.Query().Get("evidence") == "1"
	page, err := kpi.RunList(r.Context(), s.st, kpi.RunQuery{At: req.q.At, Evidence: ev, Offset: req.q.Offset, Limit: runsPerPage})
	if err != nil {
		s.failErr(w, r, req, "the runs", err)
		return
	}
	p := runsPage{Page: page, Evidence: ev, Prev: -1, Next: -1}
	if req.q.Offset > 0 {
		p.Prev = max(req.q.Offset-runsPerPage, 0)
	}
	if req.q.Offset+runsPerPage < page.Total {
		p.Next = req.q.Offset + runsPerPage
	}
	s.render(w, r, req, http.StatusOK, "runs", "Runs", p)
}

func (s *Server) run(w http.ResponseWriter, r *http.Request, req *request) {
	id := r.PathValue("id")
	run, err := kpi.RunByID(r.Context(), s.st, id)
	if err != nil {
		s.failErr(w, r, req, "run "+id, err)
		return
	}
	s.render(w, r, req, http.StatusOK, "run", "Run "+id, run)
}

// storeFacts are what the admin page and API show of the store and the
// server.
type storeFacts struct {
	Store        *kpi.StoreStats `json:"store"`
	Tokens       []tokenFact     `json:"tokens"`
	CacheTTL     string          `json:"cache_ttl"`
	CachedKPIs   int             `json:"cached_reports"`
	StaleDays    int             `json:"stale_days"`
	SLA          map[string]int  `json:"sla,omitempty"`
	Started      time.Time       `json:"started"`
	Version      string          `json:"version"`
	TLS          bool            `json:"tls"`
	MetricsTeams int             `json:"metrics_max_teams"`
	MetricsPols  int             `json:"metrics_max_policies"`
}

type tokenFact struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

func (s *Server) facts(r *http.Request) (*storeFacts, error) {
	st, err := kpi.Stats(r.Context(), s.st)
	if err != nil {
		return nil, err
	}
	f := &storeFacts{Store: st, CacheTTL: s.ttl.String(), CachedKPIs: s.cache.size(), StaleDays: s.staleDays, SLA: s.sla,
		Started: s.started.UTC(), Version: s.version, TLS: s.tls, MetricsTeams: s.maxTeams, MetricsPols: s.maxPols}
	if f.StaleDays == 0 {
		f.StaleDays = kpi.DefaultStaleDays
	}
	for _, id := range s.tokens.Load().Identities() {
		f.Tokens = append(f.Tokens, tokenFact{id.Name, id.Role.String()})
	}
	return f, nil
}

func (s *Server) storePage(w http.ResponseWriter, r *http.Request, req *request) {
	f, err := s.facts(r)
	if err != nil {
		s.failErr(w, r, req, "the store's facts", err)
		return
	}
	s.render(w, r, req, http.StatusOK, "store", "Store", f)
}
