package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
	"github.com/paved-dev/paved/evidence/store"
	"github.com/paved-dev/paved/internal/when"
)

// Server is the dashboard, the JSON API and /metrics over one store, for
// the holders of the tokens it was given. It only reads the store.
type Server struct {
	st        *store.Store
	tokens    atomic.Pointer[Tokens]
	sla       map[string]int
	staleDays int
	tls       bool
	ttl       time.Duration
	log       *slog.Logger
	version   string
	maxTeams  int
	maxPols   int

	cache   *reportCache
	cuts    *cutsCache
	mux     *http.ServeMux
	pages   map[string]*template.Template
	metrics http.Handler
	started time.Time
}

// Option configures a Server.
type Option func(*Server)

// WithSLA sets the days each severity's findings may stay open (missing
// severities keep kpi.DefaultSLA's).
func WithSLA(days map[string]int) Option { return func(s *Server) { s.sla = days } }

// WithStaleDays sets how long an asset no run judged stays in the figures
// (0: kpi.DefaultStaleDays).
func WithStaleDays(days int) Option { return func(s *Server) { s.staleDays = days } }

// WithTLS says the server is reached over TLS: its cookies are then
// Secure, and it asks browsers to keep to HTTPS.
func WithTLS(on bool) Option { return func(s *Server) { s.tls = on } }

// WithCacheTTL sets how long a KPI report is served again while the store
// has no new run (default DefaultCacheTTL; 0 computes every time).
func WithCacheTTL(d time.Duration) Option { return func(s *Server) { s.ttl = d } }

// WithLogger logs requests refused and failures to l (default: slog's).
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.log = l } }

// WithVersion is the paved version pages show.
func WithVersion(v string) Option { return func(s *Server) { s.version = v } }

// WithLabelCaps bounds the distinct teams and policies /metrics labels
// (defaults MaxMetricTeams, MaxMetricPolicies).
func WithLabelCaps(teams, policies int) Option {
	return func(s *Server) { s.maxTeams, s.maxPols = teams, policies }
}

// DefaultCacheTTL is how long a KPI report is reused while the store has
// no new run: "now" drifts by no more (a finding crossing its SLA a minute
// late), and KeepFresh recomputes the overview's once a minute at most.
const DefaultCacheTTL = time.Minute

// New is a server over st admitting tokens.
func New(st *store.Store, tokens *Tokens, opts ...Option) (*Server, error) {
	if tokens == nil || tokens.Len() == 0 {
		return nil, fmt.Errorf("serve: %w: nobody could sign in", ErrNoTokens)
	}
	s := &Server{
		st: st, ttl: DefaultCacheTTL, log: slog.Default(), version: "dev",
		maxTeams: MaxMetricTeams, maxPols: MaxMetricPolicies, started: time.Now(),
	}
	for _, o := range opts {
		o(s)
	}
	s.tokens.Store(tokens)
	mark := func(ctx context.Context) (kpi.StoreMark, error) { return kpi.ReadStoreMark(ctx, s.st) }
	s.cache = newReportCache(s.ttl, func(ctx context.Context, o kpi.Options) (*kpi.Report, error) {
		o.SLA, o.StaleDays = s.sla, s.staleDays
		return kpi.Compute(ctx, s.st, o)
	}, mark, time.Now)
	s.cuts = &cutsCache{load: func(ctx context.Context) ([]string, []string, error) { return kpi.Cuts(ctx, s.st) }, mark: mark}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.metrics = s.metricsHandler()
	s.routes()
	return s, nil
}

// KeepFresh keeps the overview's KPI report (now, no filter) computed
// from the start, again ahead of its expiry and whenever a run is
// recorded, so that no viewer of the overview or /metrics waits for a
// computation: on a big store one takes about a second. Between them it
// reads the store's mark once a second. It returns when ctx ends.
func (s *Server) KeepFresh(ctx context.Context) { s.cache.keepFresh(ctx, time.Second) }

// SetTokens replaces the tokens admitted (a reloaded tokens file); a
// token no longer there is refused from the next request on.
func (s *Server) SetTokens(t *Tokens) {
	if t != nil && t.Len() > 0 {
		s.tokens.Store(t)
	}
}

// route is one route and the least role that may use it.
type route struct {
	pattern string
	role    Role
	name    string // for the docs and the tests
}

// routeTable is the server's authenticated routes and the role each
// needs (docs/serve.md lists them); /healthz, /login and /logout answer
// anyone.
var routeTable = []route{
	{"GET /{$}", Viewer, "overview"},
	{"GET /teams/{team}", Viewer, "team"},
	{"GET /policies", Viewer, "policies"},
	{"GET /policies/{id}", Viewer, "policy"},
	{"GET /assets/{kind}/{id}", Viewer, "asset"},
	{"GET /runs", Auditor, "runs"},
	{"GET /runs/{id}", Auditor, "run"},
	{"GET /store", Admin, "store"},
	{"GET /metrics", Viewer, "metrics"},
	{"GET /api/v1/kpi", Viewer, "api kpi"},
	{"GET /api/v1/teams/{team}", Viewer, "api team"},
	{"GET /api/v1/policies", Viewer, "api policies"},
	{"GET /api/v1/policies/{id}", Viewer, "api policy"},
	{"GET /api/v1/assets/{kind}/{id}", Viewer, "api asset"},
	{"GET /api/v1/findings/{kind}/{id}", Auditor, "api findings"},
	{"GET /api/v1/runs", Auditor, "api runs"},
	{"GET /api/v1/runs/{id}", Auditor, "api run"},
	{"GET /api/v1/store", Admin, "api store"},
}

func (s *Server) routes() {
	handlers := map[string]func(http.ResponseWriter, *http.Request, *request){
		"overview": s.overview, "team": s.team, "policies": s.policyIndex, "policy": s.policy, "asset": s.asset,
		"runs": s.runs, "run": s.run, "store": s.storePage,
		"metrics": func(w http.ResponseWriter, r *http.Request, _ *request) { s.metrics.ServeHTTP(w, r) },
		"api kpi": s.apiKPI, "api team": s.apiTeam, "api policies": s.apiPolicies, "api policy": s.apiPolicy,
		"api asset": s.apiAsset, "api findings": s.apiFindings, "api runs": s.apiRuns, "api run": s.apiRun, "api store": s.apiStore,
	}
	s.mux = http.NewServeMux()
	for _, rt := range routeTable {
		h, role := handlers[rt.name], rt.role
		if h == nil {
			panic("serve: no handler for route " + rt.name)
		}
		s.mux.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) {
			req := requestOf(r)
			if req.who.Role < role {
				s.log.Info("serve: refused", "path", r.URL.Path, "name", req.who.Name, "role", req.who.Role.String(), "needs", role.String())
				s.fail(w, r, req, http.StatusForbidden, fmt.Sprintf("This needs the %s role; your token (%s) has %s.", role, req.who.Name, req.who.Role))
				return
			}
			q, err := parseQuery(r.URL.Query())
			if err != nil {
				s.fail(w, r, req, http.StatusBadRequest, err.Error())
				return
			}
			req.q = q
			if !s.knownFilter(w, r, req) {
				return
			}
			h(w, r, req)
		})
	}
}

// request is what the handlers know of a request beyond it.
type request struct {
	who Identity
	q   query
}

type requestKey struct{}

func requestOf(r *http.Request) *request {
	if req, ok := r.Context().Value(requestKey{}).(*request); ok {
		return req
	}
	return &request{}
}

// ServeHTTP answers a request: /healthz, /login and /logout to anyone,
// every other path only with a token (Authorization: Bearer, or the
// cookie /login sets), whatever the path: an anonymous request learns
// nothing, not even which paths exist.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	if s.tls {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	switch r.URL.Path {
	case "/healthz":
		s.healthz(w, r)
		return
	case "/login":
		s.login(w, r)
		return
	case "/logout":
		s.logout(w, r)
		return
	}
	who, state := s.identify(r)
	if state != authOK {
		s.unauthorized(w, r, state)
		return
	}
	ctx := context.WithValue(r.Context(), requestKey{}, &request{who: who})
	began := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(sw, r.WithContext(ctx))
	s.log.Debug("serve", "method", r.Method, "path", r.URL.RequestURI(), "status", sw.status, "name", who.Name,
		"took", time.Since(began).Round(time.Microsecond))
}

// statusWriter remembers the status a handler answered, for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

type authState int

const (
	authNone authState = iota // no token presented
	authBad                   // a token no entry matches
	authOK
)

// cookieName is the cookie /login sets: the token itself, HttpOnly and
// SameSite=Strict, so that a page of another site cannot use it.
const cookieName = "paved_token"

// identify is who presented the request's token: the Authorization header
// first, else the cookie.
func (s *Server) identify(r *http.Request) (Identity, authState) {
	var token string
	if a := r.Header.Get("Authorization"); a != "" {
		scheme, tok, ok := strings.Cut(a, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return Identity{}, authBad
		}
		token = strings.TrimSpace(tok)
	} else if c, err := r.Cookie(cookieName); err == nil {
		token = c.Value
	} else {
		return Identity{}, authNone
	}
	who, ok := s.tokens.Load().Lookup(token)
	if !ok {
		return Identity{}, authBad
	}
	return who, authOK
}

// wantsHTML says whether the client is a browser, to which errors and
// sign-in are pages rather than JSON or text.
func wantsHTML(r *http.Request) bool {
	return !isAPI(r) && r.URL.Path != "/metrics" && strings.Contains(r.Header.Get("Accept"), "text/html")
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, state authState) {
	challenge := `Bearer realm="paved"`
	msg := "This needs a token: an Authorization: Bearer header, or sign in at /login."
	if state == authBad {
		challenge += `, error="invalid_token"`
		msg = "That token is not valid (revoked, or mistyped)."
		s.log.Info("serve: bad token", "path", r.URL.Path, "remote", r.RemoteAddr)
	}
	w.Header().Set("WWW-Authenticate", challenge)
	if wantsHTML(r) {
		s.renderLogin(w, http.StatusUnauthorized, r.URL.RequestURI(), msg)
		return
	}
	s.fail(w, r, &request{}, http.StatusUnauthorized, msg)
}

// fail answers an error: a page to a browser, JSON to the API, text
// otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, req *request, status int, msg string) {
	switch {
	case isAPI(r):
		writeJSON(w, status, map[string]string{"error": msg})
	case wantsHTML(r) && req.who.Role != RoleNone:
		s.render(w, r, req, status, "error", http.StatusText(status), errorPage{Status: status, Message: msg})
	default:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintln(w, msg)
	}
}

// failErr answers a failed query: 404 for what the store does not have,
// 500 (logged, not shown) for the rest.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, req *request, what string, err error) {
	if errors.Is(err, kpi.ErrNotFound) {
		s.fail(w, r, req, http.StatusNotFound, what+" is not in the store (at "+req.q.atText()+").")
		return
	}
	s.log.Error("serve: "+what, "path", r.URL.Path, "err", err)
	s.fail(w, r, req, http.StatusInternalServerError, "The store could not answer; the server's log says why.")
}

// knownFilter says whether the store has assets of the request's team and
// kind filters, else answers 404: each filter asked for costs a KPI
// computation and a place in the cache, and a typo would show an empty
// report.
func (s *Server) knownFilter(w http.ResponseWriter, r *http.Request, req *request) bool {
	q := req.q
	if q.Team == "" && q.Kind == "" {
		return true
	}
	teams, kinds, err := s.cuts.get(r.Context())
	if err != nil {
		s.failErr(w, r, req, "the teams and kinds", err)
		return false
	}
	switch {
	case q.Team != "" && !slices.Contains(teams, q.Team):
		s.fail(w, r, req, http.StatusNotFound, fmt.Sprintf("Team %q: no asset in the store has that owner.", q.Team))
	case q.Kind != "" && !slices.Contains(kinds, q.Kind):
		s.fail(w, r, req, http.StatusNotFound, fmt.Sprintf("Kind %q: no asset in the store is of that kind.", q.Kind))
	default:
		return true
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, `{"error":"encoding"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.st.DB().PingContext(ctx); err != nil {
		s.log.Error("serve: healthz: store", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "store unreachable")
		return
	}
	fmt.Fprintln(w, "ok")
}

// login shows the sign-in form (GET) and takes a token from it (POST):
// a good one becomes the cookie, and the browser goes on to where it was
// going.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.renderLogin(w, http.StatusOK, r.URL.Query().Get("next"), "")
	case http.MethodPost:
		// A form posted from another site is refused: no page elsewhere
		// signs a browser in, with its token or another's.
		if !sameOrigin(r) {
			s.renderLogin(w, http.StatusForbidden, "", "Sign in from this server's own page.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 4096)
		if err := r.ParseForm(); err != nil {
			s.renderLogin(w, http.StatusBadRequest, "", "The form could not be read.")
			return
		}
		next := r.PostForm.Get("next")
		token := strings.TrimSpace(r.PostForm.Get("token"))
		who, ok := s.tokens.Load().Lookup(token)
		if !ok {
			s.log.Info("serve: bad token at sign-in", "remote", r.RemoteAddr)
			s.renderLogin(w, http.StatusUnauthorized, next, "That token is not valid (revoked, or mistyped).")
			return
		}
		s.log.Info("serve: signed in", "name", who.Name, "role", who.Role.String())
		http.SetCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: "/", HttpOnly: true, Secure: s.tls,
			SameSite: http.SameSiteStrictMode, MaxAge: int(cookieLife / time.Second)})
		http.Redirect(w, r, localPath(next), http.StatusSeeOther)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// sameOrigin says whether a request came from a page of this server, as
// far as the browser says (Sec-Fetch-Site, else Origin); a client that
// says nothing (curl) is not a browser page of another site.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return false
	case "same-origin", "none":
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" || origin == "null" {
		return origin == ""
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// cookieLife is how long a browser keeps the sign-in.
const cookieLife = 12 * time.Hour

// logout forgets the cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true, Secure: s.tls,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// localPath is next when it is a path on this server, else "/": sign-in
// never sends a browser elsewhere.
func localPath(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "/login" || u.Path == "/logout" {
		return "/"
	}
	return next
}

// query is the filters of a page or API call, from its URL: team, kind,
// at (the state shown; a date is its end) and since (the start of the
// remediation window and the trends).
type query struct {
	Team, Kind string
	At, Since  time.Time // zero: now, and At − 12 weeks
	rawAt      string
	rawSince   string
	Offset     int
}

func parseQuery(v url.Values) (query, error) {
	q := query{Team: strings.TrimSpace(v.Get("team")), Kind: strings.TrimSpace(v.Get("kind"))}
	if len(q.Team) > 200 {
		return q, errors.New("team: longer than 200 characters")
	}
	if len(q.Kind) > 64 || strings.ContainsFunc(q.Kind, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return q, fmt.Errorf("kind %.20q: not a kind of asset", q.Kind)
	}
	var err error
	if q.rawAt = strings.TrimSpace(v.Get("at")); q.rawAt != "" {
		if q.At, err = when.Parse(q.rawAt, true); err != nil {
			return q, fmt.Errorf("at: %v", err)
		}
	}
	if q.rawSince = strings.TrimSpace(v.Get("since")); q.rawSince != "" {
		if q.Since, err = when.Parse(q.rawSince, false); err != nil {
			return q, fmt.Errorf("since: %v", err)
		}
	}
	if !q.At.IsZero() && !q.Since.IsZero() && !q.Since.Before(q.At) {
		return q, errors.New("since: not before at")
	}
	if o := v.Get("offset"); o != "" {
		if q.Offset, err = strconv.Atoi(o); err != nil || q.Offset < 0 || q.Offset > 1e7 {
			return q, fmt.Errorf("offset %.20q: want a number from 0", o)
		}
	}
	return q, nil
}

// values are the filters as URL parameters, the empty ones left out.
func (q query) values() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"team", q.Team}, {"kind", q.Kind}, {"at", q.rawAt}, {"since", q.rawSince}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	return v
}

// Link is path with the filters kept.
func (q query) Link(path string) string {
	if v := q.values().Encode(); v != "" {
		return path + "?" + v
	}
	return path
}

// WithoutTeam is the query without its team filter.
func (q query) WithoutTeam() query {
	q.Team = ""
	return q
}

// RawSince is the since parameter as given.
func (q query) RawSince() string { return q.rawSince }

// Filtered says whether any filter is set.
func (q query) Filtered() bool { return len(q.values()) > 0 }

func (q query) atText() string {
	if q.rawAt == "" {
		return "now"
	}
	return q.rawAt
}

func (q query) detail(staleDays int) kpi.DetailOptions {
	return kpi.DetailOptions{At: q.At, StaleDays: staleDays, Filter: kpi.Filter{Team: q.Team, Kind: q.Kind}}
}

func (q query) key() reportKey {
	return reportKey{at: q.At, since: q.Since, filter: kpi.Filter{Team: q.Team, Kind: q.Kind}}
}

// render executes a page into a buffer, then writes it: a template that
// fails half way sends a clean error, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, req *request, status int, name, title string, body any) {
	t := s.pages[name]
	var buf bytes.Buffer
	path := r.URL.EscapedPath()
	data := pageData{Title: title, Q: req.q, Who: req.who, Version: s.version, Body: body, Path: path, JSON: jsonURL(path)}
	if f := filterFields(path); (f.Team || f.Kind) && req.who.Role != RoleNone {
		// The teams and kinds the store has; a page without them still
		// works.
		if teams, kinds, err := s.cuts.get(r.Context()); err == nil {
			data.Teams, data.Kinds = teams, kinds
		}
	}
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("serve: render", "page", name, "err", err)
		http.Error(w, "the page could not be drawn; the server's log says why", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) renderLogin(w http.ResponseWriter, status int, next, msg string) {
	var buf bytes.Buffer
	data := pageData{Title: "Sign in", Version: s.version, Body: loginPage{Next: localPath(next), Message: msg}, Path: "/login"}
	if err := s.pages["login"].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("serve: render login", "err", err)
		http.Error(w, "the page could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
