package serve

import (
	"errors"
	"net/http"

	"github.com/paved-dev/paved/evidence/kpi"
)

// The JSON API answers what the pages show, read-only, with the same
// filters (team, kind, at, since) as URL parameters.

// apiKPI is the KPI report, as `paved kpi --format json` prints it.
func (s *Server) apiKPI(w http.ResponseWriter, r *http.Request, req *request) {
	rep, err := s.cache.get(r.Context(), req.q.key())
	if err != nil {
		s.failErr(w, r, req, "the KPIs", err)
		return
	}
	writeJSON(w, http.StatusOK, forRole(rep, req.who.Role))
}

// forRole is a report as a role may read it: the waivers expiring first
// (which name findings, waivers and their owners) are for auditors, as
// on the overview page. The cached report is left as it is.
func forRole(rep *kpi.Report, role Role) *kpi.Report {
	if role >= Auditor || len(rep.Waived.Expiring) == 0 {
		return rep
	}
	cp := *rep
	cp.Waived.Expiring = []kpi.WaivedFinding{}
	return &cp
}

// TeamJSON is /api/v1/teams/{team}: the team's KPI report and its assets.
type TeamJSON struct {
	Team   string          `json:"team"`
	KPI    *kpi.Report     `json:"kpi"`
	Assets *kpi.TeamDetail `json:"assets"`
}

func (s *Server) apiTeam(w http.ResponseWriter, r *http.Request, req *request) {
	team := r.PathValue("team")
	d, rep, ok := s.teamReport(w, r, req, team)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, TeamJSON{Team: team, KPI: forRole(rep, req.who.Role), Assets: d})
}

func (s *Server) apiPolicies(w http.ResponseWriter, r *http.Request, req *request) {
	pols, err := kpi.Policies(r.Context(), s.st)
	if err != nil {
		s.failErr(w, r, req, "the policies", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"policies": pols})
}

func (s *Server) apiPolicy(w http.ResponseWriter, r *http.Request, req *request) {
	id := r.PathValue("id")
	d, err := kpi.PolicyAt(r.Context(), s.st, id, req.q.detail(s.staleDays))
	if err != nil {
		s.failErr(w, r, req, "policy "+id, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiAsset(w http.ResponseWriter, r *http.Request, req *request) {
	kind, id := r.PathValue("kind"), r.PathValue("id")
	d, err := kpi.AssetAt(r.Context(), s.st, kind, id, req.q.detail(s.staleDays))
	if err != nil {
		s.failErr(w, r, req, kind+" "+id, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiFindings(w http.ResponseWriter, r *http.Request, req *request) {
	kind, id := r.PathValue("kind"), r.PathValue("id")
	fs, err := kpi.AssetFindings(r.Context(), s.st, kind, id, req.q.detail(s.staleDays))
	if errors.Is(err, kpi.ErrNotFound) {
		s.failErr(w, r, req, kind+" "+id, err)
		return
	}
	if err != nil {
		s.failErr(w, r, req, "the findings of "+kind+" "+id, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"kind": kind, "id": id, "findings": fs})
}

func (s *Server) apiRuns(w http.ResponseWriter, r *http.Request, req *request) {
	page, err := kpi.RunList(r.Context(), s.st, kpi.RunQuery{At: req.q.At, Evidence: r.URL.Query().Get("evidence") == "1",
		Offset: req.q.Offset, Limit: runsPerPage})
	if err != nil {
		s.failErr(w, r, req, "the runs", err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiRun(w http.ResponseWriter, r *http.Request, req *request) {
	id := r.PathValue("id")
	run, err := kpi.RunByID(r.Context(), s.st, id)
	if err != nil {
		s.failErr(w, r, req, "run "+id, err)
		return
	}
	writeJSON(w, http.StatusOK, run)
}

func (s *Server) apiStore(w http.ResponseWriter, r *http.Request, req *request) {
	f, err := s.facts(r)
	if err != nil {
		s.failErr(w, r, req, "the store's facts", err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}
