package serve

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
	"github.com/paved-dev/paved/evidence/store/storetest"
)

const dbAsset = "github.com/acme/infra//db"

// routePaths are a path on the fleet for each route.
var routePaths = map[string]string{
	"overview":     "/",
	"team":         "/teams/payments",
	"policies":     "/policies",
	"policy":       "/policies/TF-1",
	"asset":        assetURL("terraform", dbAsset),
	"runs":         "/runs",
	"run":          "/runs/r-70",
	"store":        "/store",
	"metrics":      "/metrics",
	"api kpi":      "/api/v1/kpi",
	"api team":     "/api/v1/teams/payments",
	"api policies": "/api/v1/policies",
	"api policy":   "/api/v1/policies/TF-1",
	"api asset":    "/api/v1" + assetURL("terraform", dbAsset),
	"api findings": "/api/v1/findings/terraform/" + url.PathEscape(dbAsset),
	"api runs":     "/api/v1/runs",
	"api run":      "/api/v1/runs/r-70",
	"api store":    "/api/v1/store",
}

// TestRouteRoles asks every route with no token, a bad token and a token
// of each role, as an API client and as a browser.
func TestRouteRoles(t *testing.T) {
	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	s := newTestServer(t, f.st, rt)
	bad, _, _ := NewToken(Admin, "mallory") // well formed, not in the file
	callers := []struct {
		name  string
		token string
		role  Role
	}{{"none", "", RoleNone}, {"bad token", bad, RoleNone}, {"viewer", rt.viewer, Viewer}, {"auditor", rt.auditor, Auditor}, {"admin", rt.admin, Admin}}

	type row struct {
		path string
		need Role // RoleNone: anyone
		want map[string]int
	}
	var rows []row
	for _, r := range routeTable {
		path, ok := routePaths[r.name]
		if !ok {
			t.Fatalf("route %s (%s) has no path in the test", r.name, r.pattern)
		}
		rows = append(rows, row{path: path, need: r.role})
	}
	rows = append(rows,
		row{path: "/healthz", need: RoleNone},
		row{path: "/login", need: RoleNone},
		row{path: "/login?next=/teams/web", need: RoleNone},
	)
	for _, rw := range rows {
		for _, c := range callers {
			want := http.StatusOK
			switch {
			case rw.need == RoleNone:
			case c.role == RoleNone:
				want = http.StatusUnauthorized
			case c.role < rw.need:
				want = http.StatusForbidden
			}
			for _, html := range []bool{false, true} {
				w := get(t, s, rw.path, c.token, html)
				if w.Code != want {
					t.Errorf("GET %s, %s (html %v): %d, want %d: %.200s", rw.path, c.name, html, w.Code, want, w.Body.String())
					continue
				}
				if want == http.StatusUnauthorized {
					challenge := w.Header().Get("WWW-Authenticate")
					if !strings.HasPrefix(challenge, `Bearer realm="paved"`) || (c.token != "") != strings.Contains(challenge, "invalid_token") {
						t.Errorf("GET %s, %s: WWW-Authenticate %q", rw.path, c.name, challenge)
					}
					page := !strings.HasPrefix(rw.path, "/api/") && rw.path != "/metrics"
					if html && page != strings.Contains(w.Body.String(), `action="/login"`) {
						t.Errorf("GET %s, %s, as a browser: 401 with the sign-in form %v, want %v", rw.path, c.name, !page, page)
					}
				}
				if body := w.Body.String(); want != http.StatusOK && (strings.Contains(body, "Databases are encrypted") || strings.Contains(body, "aws_")) {
					t.Errorf("GET %s, %s: refused, yet the answer tells of the store: %.300s", rw.path, c.name, body)
				}
				if got := w.Header().Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'none'") {
					t.Errorf("GET %s: Content-Security-Policy %q", rw.path, got)
				}
			}
		}
	}

	// Paths that do not exist: 401 before a token (nothing learnt), 404
	// after.
	for _, path := range []string{"/nope", "/api/v1/nope", "/assets", "/teams/nobody", "/policies/NOPE", "/runs/nope",
		"/api/v1/teams/nobody", "/api/v1/assets/terraform/nope", "/api/v1/findings/terraform/nope", "/api/v1/runs/nope", "/api/v1/policies/NOPE",
		assetURL("terraform", "github.com/acme/infra//nope")} {
		if w := get(t, s, path, "", false); w.Code != http.StatusUnauthorized {
			t.Errorf("GET %s without a token: %d, want 401", path, w.Code)
		}
		if w := get(t, s, path, rt.admin, false); w.Code != http.StatusNotFound {
			t.Errorf("GET %s as admin: %d, want 404", path, w.Code)
		}
	}
	// Writes: there are none.
	for _, path := range []string{"/", "/api/v1/kpi", "/metrics"} {
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader("x"))
		r.Header.Set("Authorization", "Bearer "+rt.admin)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: %d, want 405", path, w.Code)
		}
	}
	// Other schemes and malformed headers are bad tokens.
	for _, h := range []string{"Basic dXNlcjpwYXNz", "Bearer", "Bearer " + rt.admin + "x", "Token " + rt.admin} {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/kpi", nil)
		r.Header.Set("Authorization", h)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusUnauthorized {
			t.Errorf("Authorization %q: %d, want 401", h, w.Code)
		}
	}
}

// TestRoleContent checks what each role sees on a page shared by roles.
func TestRoleContent(t *testing.T) {
	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	s := newTestServer(t, f.st, rt)
	asset := routePaths["asset"]
	if body := get(t, s, asset, rt.viewer, true).Body.String(); strings.Contains(body, "aws_db_instance.main") || !strings.Contains(body, "need the auditor role") {
		t.Errorf("a viewer sees finding details on the asset page")
	}
	if body := get(t, s, asset, rt.auditor, true).Body.String(); !strings.Contains(body, "aws_db_instance.main") {
		t.Errorf("an auditor does not see the findings on the asset page")
	}
	// Each waived span names its waiver.
	span := "now: W-7 by alice, expires " + f.day(90).Format("2006-01-02")
	if body := get(t, s, assetURL("terraform", "github.com/acme/infra//net"), rt.auditor, true).Body.String(); !strings.Contains(body, span) {
		t.Errorf("the auditor's asset page does not show the waiver of a waived span: no %q", span)
	}
	overview := func(tok string) string { return get(t, s, "/", tok, true).Body.String() }
	if o := overview(rt.viewer); strings.Contains(o, "aws_security_group.web") || strings.Contains(o, `href="/runs"`) || strings.Contains(o, `href="/store"`) {
		t.Errorf("a viewer sees waivers, runs or the store on the overview")
	}
	if o := overview(rt.auditor); !strings.Contains(o, "aws_security_group.web") || !strings.Contains(o, `href="/runs"`) || strings.Contains(o, `href="/store"`) {
		t.Errorf("an auditor's overview: waivers and runs, not the store")
	}
	if o := overview(rt.admin); !strings.Contains(o, `href="/store"`) {
		t.Errorf("an admin's overview has no link to the store page")
	}
	// The JSON API gives a viewer no more than the pages do.
	for _, path := range []string{"/api/v1/kpi", "/api/v1/teams/payments"} {
		if body := get(t, s, path, rt.viewer, false).Body.String(); strings.Contains(body, "aws_security_group.web") {
			t.Errorf("a viewer's %s names a waived finding", path)
		}
		if body := get(t, s, path, rt.auditor, false).Body.String(); !strings.Contains(body, "aws_security_group.web") {
			t.Errorf("an auditor's %s does not name the waived finding", path)
		}
	}
	// The admin page lists tokens by name, never a hash.
	store := get(t, s, "/api/v1/store", rt.admin, false).Body.String()
	if !strings.Contains(store, `"vera"`) || strings.Contains(store, "sha256:") {
		t.Errorf("/api/v1/store: %s", store)
	}
	// Empty lists are [], never null: RP-1 fails no asset, and an asset
	// no policy judged has no verdicts.
	if _, err := f.st.DB().Exec(`INSERT INTO assets (target_kind, target_id, target_repo, target_path, owner, first_seen_ns, last_seen_ns, last_run)
VALUES ('repo', 'github.com/acme/bare//.', 'github.com/acme/bare', '.', 'web', $1, $2, 'r-70')`, f.ns(0), f.ns(70)); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string][]string{
		"/api/v1/policies/RP-1":                                 {`"failing": []`},
		"/api/v1" + assetURL("repo", "github.com/acme/bare//."): {`"verdicts": []`, `"history": []`},
	} {
		body := get(t, s, path, rt.viewer, false).Body.String()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: no %s in %.500s", path, w, body)
			}
		}
	}
}

// A team or kind no asset has is 404, computing nothing: each filter
// computed would cost a KPI report and evict a cached one.
func TestUnknownFilter(t *testing.T) {
	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	s := newTestServer(t, f.st, rt)
	var computed atomic.Int64
	compute := s.cache.compute
	s.cache.compute = func(ctx context.Context, o kpi.Options) (*kpi.Report, error) {
		computed.Add(1)
		return compute(ctx, o)
	}
	for _, q := range []string{"?team=paymnets", "?kind=dockerfile", "?team=payments&kind=sbom"} {
		for _, path := range []string{"/", "/policies", "/api/v1/kpi", "/api/v1/teams/payments", "/teams/payments"} {
			for _, html := range []bool{false, true} {
				w := get(t, s, path+q, rt.viewer, html)
				if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "no asset in the store") {
					t.Errorf("GET %s%s (html %v): %d %.300s; want 404 saying why", path, q, html, w.Code, w.Body)
				}
			}
		}
	}
	if n := computed.Load(); n != 0 || s.cache.size() != 0 {
		t.Errorf("unknown filters computed %d reports, cached %d", n, s.cache.size())
	}
	for _, q := range []string{"?team=payments", "?team=(none)", "?kind=image", "?team=web&kind=repo"} {
		if w := get(t, s, "/api/v1/kpi"+q, rt.viewer, false); w.Code != http.StatusOK {
			t.Errorf("GET /api/v1/kpi%s: %d", q, w.Code)
		}
	}
}

// The teams and kinds the filters offer are read once while the store's
// runs are unchanged, and again when one is recorded.
func TestCutsCached(t *testing.T) {
	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	s := newTestServer(t, f.st, rt)
	var loads atomic.Int64
	load := s.cuts.load
	s.cuts.load = func(ctx context.Context) ([]string, []string, error) {
		loads.Add(1)
		return load(ctx)
	}
	for _, path := range []string{"/", "/policies", "/?team=web", "/api/v1/kpi?kind=repo", "/teams/web"} {
		if w := get(t, s, path, rt.viewer, true); w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, w.Code)
		}
	}
	if n := loads.Load(); n != 1 {
		t.Errorf("five views read the teams and kinds %d times, want once", n)
	}
	body := get(t, s, "/", rt.viewer, true).Body.String()
	if !strings.Contains(body, "<option>image</option>") || strings.Contains(body, "<option>dockerfile</option>") {
		t.Errorf("the kind filter does not offer the store's kinds, and those only")
	}
	if _, err := f.st.DB().Exec(`INSERT INTO runs (id, started_ns, finished_ns, tool_version, policy_set_digest, fail_on, targets, results, blocking)
VALUES ('r-71', $1, $1, 'v1.2.3', 'sha256:0badc0de', 'high', 0, 0, 0)`, f.ns(70)+int64(time.Hour)); err != nil {
		t.Fatal(err)
	}
	get(t, s, "/", rt.viewer, true)
	if n := loads.Load(); n != 2 {
		t.Errorf("after a run, the teams and kinds were read %d times in all, want twice", n)
	}
}

func TestLogin(t *testing.T) {
	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	for _, tls := range []bool{false, true} {
		s := newTestServer(t, f.st, rt, WithTLS(tls))
		post := func(form url.Values) *httptest.ResponseRecorder {
			r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			return w
		}
		w := post(url.Values{"token": {"paved_nope"}, "next": {"/teams/web"}})
		if w.Code != http.StatusUnauthorized || len(w.Result().Cookies()) != 0 || !strings.Contains(w.Body.String(), "not valid") {
			t.Errorf("sign-in with a bad token: %d, cookies %v", w.Code, w.Result().Cookies())
		}
		w = post(url.Values{"token": {rt.auditor}, "next": {"/teams/web?at=2026-01-01"}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/teams/web?at=2026-01-01" {
			t.Fatalf("sign-in: %d, Location %q", w.Code, w.Header().Get("Location"))
		}
		cookies := w.Result().Cookies()
		if len(cookies) != 1 {
			t.Fatalf("sign-in set %d cookies", len(cookies))
		}
		c := cookies[0]
		if c.Name != cookieName || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure != tls || c.Path != "/" || c.MaxAge <= 0 {
			t.Errorf("TLS %v: cookie %+v", tls, c)
		}
		// The cookie admits the browser, with the token's role.
		for path, want := range map[string]int{"/teams/web": 200, "/runs": 200, "/store": 403} {
			r := httptest.NewRequest(http.MethodGet, path, nil)
			r.AddCookie(&http.Cookie{Name: cookieName, Value: c.Value})
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != want {
				t.Errorf("GET %s with the cookie: %d, want %d", path, w.Code, want)
			}
		}
		// A cookie of a token since removed is refused.
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.AddCookie(&http.Cookie{Name: cookieName, Value: "paved_removed"})
		w = httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusUnauthorized {
			t.Errorf("a stale cookie: %d, want 401", w.Code)
		}
		// Sign-out forgets it.
		r = httptest.NewRequest(http.MethodPost, "/logout", nil)
		w = httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if out := w.Result().Cookies(); w.Code != http.StatusSeeOther || len(out) != 1 || out[0].MaxAge >= 0 || out[0].Value != "" {
			t.Errorf("sign-out: %d, cookies %+v", w.Code, out)
		}
	}
	// A sign-in form posted from another site is refused.
	s := newTestServer(t, f.st, rt)
	for _, h := range []map[string]string{{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}} {
		r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"token": {rt.admin}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range h {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusForbidden || len(w.Result().Cookies()) != 0 {
			t.Errorf("sign-in posted with %v: %d, cookies %v", h, w.Code, w.Result().Cookies())
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"token": {rt.admin}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", "http://"+r.Host)
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusSeeOther {
		t.Errorf("sign-in from the server's own page: %d", w.Code)
	}
	// Sign-in never sends a browser to another site.
	for next, want := range map[string]string{
		"": "/", "/runs?evidence=1": "/runs?evidence=1", "https://evil.example/": "/", "//evil.example/x": "/",
		"/\\evil.example": "/", "javascript:alert(1)": "/", "/login": "/", "/logout": "/", "runs": "/",
	} {
		if got := localPath(next); got != want {
			t.Errorf("localPath(%q) = %q, want %q", next, got, want)
		}
	}
}

func TestTokensReload(t *testing.T) {
	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	s := newTestServer(t, f.st, rt)
	if w := get(t, s, "/", rt.viewer, false); w.Code != 200 {
		t.Fatalf("viewer: %d", w.Code)
	}
	other := newRoleTokens(t)
	s.SetTokens(other.tokens)
	if w := get(t, s, "/", rt.viewer, false); w.Code != http.StatusUnauthorized {
		t.Errorf("a token gone from the reloaded file: %d, want 401", w.Code)
	}
	if w := get(t, s, "/", other.viewer, false); w.Code != 200 {
		t.Errorf("a token of the reloaded file: %d, want 200", w.Code)
	}
}

func TestFilters(t *testing.T) {
	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	s := newTestServer(t, f.st, rt)
	for _, q := range []string{"?kind=%01", "?at=yesterday", "?since=2026-13-01", "?at=2026-01-01&since=2026-02-01", "?at=1900-01-01", "?offset=-1",
		"?team=" + strings.Repeat("x", 201)} {
		for _, path := range []string{"/", "/api/v1/kpi", "/runs"} {
			if w := get(t, s, path+q, rt.admin, false); w.Code != http.StatusBadRequest {
				t.Errorf("GET %s%s: %d, want 400", path, q, w.Code)
			}
		}
	}
	// Filters reach the figures: team, kind, at.
	kpiOf := func(q string) map[string]any {
		w := get(t, s, "/api/v1/kpi"+q, rt.viewer, false)
		if w.Code != 200 {
			t.Fatalf("GET /api/v1/kpi%s: %d %s", q, w.Code, w.Body)
		}
		var v map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		return v["coverage"].(map[string]any)
	}
	for q, want := range map[string][2]float64{
		"":                                      {3, 5},
		"?team=payments":                        {1, 3},
		"?team=(none)":                          {1, 1},
		"?kind=repo":                            {2, 2},
		"?at=" + f.day(20).Format("2006-01-02"): {5, 6}, // web fails RP-1 then; old is live
	} {
		c := kpiOf(q)
		if c["passing"] != want[0] || c["assets"] != want[1] {
			t.Errorf("coverage%s: %v of %v, want %v of %v", q, c["passing"], c["assets"], want[0], want[1])
		}
	}
	// Links keep the filters.
	body := get(t, s, "/?team=payments&kind=terraform&at="+f.day(60).Format("2006-01-02"), rt.viewer, true).Body.String()
	want := "/policies/TF-1?at=" + f.day(60).Format("2006-01-02") + "&amp;kind=terraform&amp;team=payments"
	if !strings.Contains(body, want) {
		t.Errorf("the overview's links lose the filters: no %s", want)
	}
}

func TestEmptyStore(t *testing.T) {
	rt := newRoleTokens(t)
	for name, u := range storetest.URLs(t) {
		t.Run(name, func(t *testing.T) {
			st := openStore(t, u)
			s := newTestServer(t, st, rt)
			for _, path := range []string{"/", "/policies", "/runs", "/store", "/metrics", "/api/v1/kpi", "/api/v1/policies", "/api/v1/runs", "/api/v1/store", "/healthz"} {
				w := get(t, s, path, rt.admin, true)
				if w.Code != http.StatusOK {
					t.Errorf("GET %s on an empty store: %d %.300s", path, w.Code, w.Body)
				}
				if (path == "/" || path == "/runs" || path == "/policies") && !strings.Contains(w.Body.String(), "No runs recorded yet") {
					t.Errorf("GET %s on an empty store does not say so", path)
				}
				if path == "/" && strings.Contains(w.Body.String(), "<option>repo</option>") {
					t.Errorf("an empty store's kind filter offers kinds it has no asset of")
				}
			}
			if w := get(t, s, "/teams/payments", rt.admin, true); w.Code != http.StatusNotFound {
				t.Errorf("a team on an empty store: %d, want 404", w.Code)
			}
		})
	}
}

// What runs recorded (team names, identities, policy ids, resources) is
// text on every page, never markup, in HTML and in the charts alike.
func TestEscaping(t *testing.T) {
	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	s := newTestServer(t, f.st, rt)
	const team, id, policy = `<script>alert(1)</script>`, `github.com/acme/x//"><img src=x onerror=alert(2)>`, `P-"><svg onload=alert(3)>`
	db := f.st.DB()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO assets (target_kind, target_id, target_repo, target_path, owner, first_seen_ns, last_seen_ns, last_run) VALUES ('repo', $1, 'x', 'y', $2, $3, $4, 'r-70')`,
			[]any{id, team, f.ns(0), f.ns(70)}},
		{`INSERT INTO policies (policy_id, title, severity, kind, enforcement, tags, baseline_tag, golden_path, first_seen_ns, last_seen_ns) VALUES ($1, $2, 'high', 'repo', 'deny', '', 0, 0, $3, $4)`,
			[]any{policy, `</title><script>alert(4)</script>`, f.ns(40), f.ns(70)}},
		{`INSERT INTO verdicts (target_kind, target_id, policy_id, verdict, from_ns, to_ns) VALUES ('repo', $1, $2, $3, $4, NULL)`,
			[]any{id, policy, `<b>fail</b>`, f.ns(0)}},
		{`INSERT INTO findings (fingerprint, policy_id, severity, target_kind, target_id, resource, status, waiver_id, waiver_owner, waiver_expires, first_seen_ns, last_seen_ns, resolved_ns, reopened, last_run)
VALUES ('fp-x', $1, 'high', 'repo', $2, '<i>r</i>', 'fail', '', '', '', $3, $3, NULL, 0, 'r-70')`, []any{policy, id, f.ns(60)}},
	} {
		if _, err := db.Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{"/", teamURL(team), "/policies", policyURL(policy), assetURL("repo", id), "/api/v1/kpi"} {
		w := get(t, s, path, rt.admin, true)
		if w.Code != 200 {
			t.Fatalf("GET %s: %d %.300s", path, w.Code, w.Body)
		}
		body := w.Body.String()
		for _, bad := range []string{"<script>alert", "<img src=x", "<svg onload", "<b>fail", "<i>r</i>"} {
			if strings.Contains(body, bad) {
				t.Errorf("GET %s: %q unescaped", path, bad)
			}
		}
	}
}
