package serve

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/kpi/kpitest"
	"github.com/paved-dev/paved/evidence/store"
)

// benchmarkPage serves path again and again, as the role's token.
func benchmarkPage(b *testing.B, s *Server, path, token string) {
	b.Helper()
	req := func() {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.Header.Set("Authorization", "Bearer "+token)
		r.Header.Set("Accept", "text/html")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("GET %s: %d %.300s", path, w.Code, w.Body)
		}
	}
	req()
	b.ResetTimer()
	for b.Loop() {
		req()
	}
}

// BenchmarkServe* serve the dashboard's pages over the generated history,
// at its last run: "cold" computes the KPIs for every request (the first
// view after a run was recorded), "cached" reuses them as the server does
// while no run is recorded.
func benchServer(b *testing.B, opts ...Option) (*Server, roleTokens, *store.Store) {
	st, _ := kpitest.SQLiteHistory(b, kpitest.BenchParams())
	b.Cleanup(func() { st.Close() })
	rt := newRoleTokens(b)
	return newTestServer(b, st, rt, opts...), rt, st
}

var benchAt = "?at=" + url.QueryEscape(kpitest.BenchEnd.Add(time.Hour).Format(time.RFC3339))

func BenchmarkServeOverview(b *testing.B) {
	b.Run("cold", func(b *testing.B) {
		s, rt, _ := benchServer(b, WithCacheTTL(0))
		benchmarkPage(b, s, "/"+benchAt, rt.auditor)
	})
	b.Run("cached", func(b *testing.B) {
		s, rt, _ := benchServer(b)
		benchmarkPage(b, s, "/"+benchAt, rt.auditor)
	})
}

func BenchmarkServeAsset(b *testing.B) {
	s, rt, st := benchServer(b)
	// The asset with the longest verdict history.
	var kind, id string
	if err := st.DB().QueryRow(`SELECT target_kind, target_id FROM verdicts GROUP BY target_kind, target_id ORDER BY COUNT(*) DESC, target_id LIMIT 1`).Scan(&kind, &id); err != nil {
		b.Fatal(err)
	}
	benchmarkPage(b, s, assetURL(kind, id)+benchAt, rt.auditor)
}

func BenchmarkServeTeam(b *testing.B) {
	for _, c := range []struct {
		name string
		ttl  time.Duration
	}{{"cold", 0}, {"cached", DefaultCacheTTL}} {
		b.Run(c.name, func(b *testing.B) {
			s, rt, st := benchServer(b, WithCacheTTL(c.ttl))
			var owner string
			if err := st.DB().QueryRow(`SELECT owner FROM assets WHERE owner <> '' GROUP BY owner ORDER BY COUNT(*) DESC, owner LIMIT 1`).Scan(&owner); err != nil {
				b.Fatal(err)
			}
			benchmarkPage(b, s, teamURL(owner)+benchAt, rt.auditor)
		})
	}
}

func BenchmarkServePolicy(b *testing.B) {
	s, rt, st := benchServer(b)
	var id string
	if err := st.DB().QueryRow(`SELECT policy_id FROM verdicts WHERE verdict = 'fail' GROUP BY policy_id ORDER BY COUNT(*) DESC, policy_id LIMIT 1`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	benchmarkPage(b, s, policyURL(id)+benchAt, rt.auditor)
}

// BenchmarkServePostgres serves the same pages from PostgreSQL.
func BenchmarkServePostgres(b *testing.B) {
	st, _ := kpitest.PostgresHistory(b, kpitest.BenchParams())
	b.Cleanup(func() { st.Close() })
	rt := newRoleTokens(b)
	var kind, id, policy, owner string
	if err := st.DB().QueryRow(`SELECT target_kind, target_id FROM verdicts GROUP BY target_kind, target_id ORDER BY COUNT(*) DESC, target_id LIMIT 1`).Scan(&kind, &id); err != nil {
		b.Fatal(err)
	}
	if err := st.DB().QueryRow(`SELECT policy_id FROM verdicts WHERE verdict = 'fail' GROUP BY policy_id ORDER BY COUNT(*) DESC, policy_id LIMIT 1`).Scan(&policy); err != nil {
		b.Fatal(err)
	}
	if err := st.DB().QueryRow(`SELECT owner FROM assets WHERE owner <> '' GROUP BY owner ORDER BY COUNT(*) DESC, owner LIMIT 1`).Scan(&owner); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name, path string
		ttl        time.Duration
	}{
		{"overview/cold", "/", 0}, {"overview/cached", "/", DefaultCacheTTL},
		{"asset", assetURL(kind, id), DefaultCacheTTL}, {"policy", policyURL(policy), DefaultCacheTTL},
		{"team/cold", teamURL(owner), 0}, {"team/cached", teamURL(owner), DefaultCacheTTL},
	} {
		b.Run(c.name, func(b *testing.B) {
			benchmarkPage(b, newTestServer(b, st, rt, WithCacheTTL(c.ttl)), c.path+benchAt, rt.auditor)
		})
	}
}

func BenchmarkServeMetrics(b *testing.B) {
	s, rt, _ := benchServer(b, WithCacheTTL(0))
	benchmarkPage(b, s, "/metrics", rt.viewer)
}
