package serve

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/store"
)

// fleet is a small history whose figures are worked out by hand, written
// row by row into the store's tables. Day d is base + d days, base 70 days
// before today (UTC midnight), so that "now" is day 70 and a few hours:
//
//	policies (no baseline tag: the deny ones are baseline):
//	  TF-1 high deny, TF-2 critical deny, RP-1 medium deny,
//	  GP-1 low warn golden-path, TF-3 medium deny first run on day 50 (a policy-set change)
//	assets and verdicts now:
//	  payments: infra//db  terraform  TF-1 pass [0,35) fail [35,-), TF-2 pass, TF-3 pass [50,-)   failing
//	            infra//net terraform  TF-1 pass, TF-2 waived, TF-3 fail [50,-)                    failing
//	            app//.     repo       RP-1 pass, GP-1 pass                                        passing, adopted
//	  web:      web//.     repo       RP-1 fail [0,30) pass [30,-), GP-1 warn                      passing, not adopted
//	            ghcr.io/acme/old image TF-1 pass, last judged day 20                          stale (30 days)
//	  (none):   misc//x    terraform  TF-1 pass, TF-2 pass, TF-3 pass [50,-)                     passing
//	coverage 3 of 5 (60.0%); payments 1 of 3, web 1 of 1, (none) 1 of 1; adoption 1 of 2 (50.0%)
//	findings: db TF-1 aws_db_instance.main high open since 35 (past its 30-day SLA by 5 days: 0-7d)
//	          net TF-3 aws_s3_bucket.logs medium open since 50
//	          net TF-2 aws_security_group.web critical waived (W-7, alice) since 0
//	          web RP-1 CODEOWNERS medium days 0-30 (30 days)
//	          db TF-1 aws_db_instance.replica high days 10-20 (10 days)
//	          misc TF-2 aws_security_group.all critical days 20-60 (40 days, past its SLA)
//	          web GP-1 template low open since 0
//	runs every 10 days, r-0 … r-70; r-70 left an evidence bundle.
type fleet struct {
	st   *store.Store
	base time.Time
}

func (f *fleet) day(d int) time.Time { return f.base.AddDate(0, 0, d) }
func (f *fleet) ns(d int) int64      { return f.day(d).UnixNano() }

const (
	evidenceDigest   = "sha256:feedfacecafebeef0123456789abcdef0123456789abcdef0123456789abcdef"
	evidenceLocation = "oci://registry.example/acme/evidence:r-70"
)

func newFleet(t testing.TB, url string) *fleet {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fleet{st: st, base: time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -70)}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := st.DB().ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for d := 0; d <= 70; d += 10 {
		ev, loc := "", ""
		if d == 70 {
			ev, loc = evidenceDigest, evidenceLocation
		}
		exec(`INSERT INTO runs (id, started_ns, finished_ns, tool_version, policy_set_digest, fail_on, targets, results, blocking, scope, evidence_digest, evidence_location)
VALUES ($1, $2, $3, 'v1.2.3', 'sha256:0badc0de', 'high', 6, 14, 1, 'fleet', $4, $5)`, fmt.Sprintf("r-%d", d), f.ns(d), f.ns(d)+int64(3*time.Second), ev, loc)
	}
	for _, p := range []struct {
		id, title, sev, kind, enf string
		golden, first             int
	}{
		{"TF-1", "Databases are encrypted at rest", "high", "terraform", "deny", 0, 0},
		{"TF-2", "No security group is open to the world", "critical", "terraform", "deny", 0, 0},
		{"TF-3", "S3 buckets block public access", "medium", "terraform", "deny", 0, 50},
		{"RP-1", "The repository has CODEOWNERS", "medium", "repo", "deny", 0, 0},
		{"GP-1", "Built from the golden-path template", "low", "repo", "warn", 1, 0},
	} {
		tags := ""
		if p.golden == 1 {
			tags = "golden-path"
		}
		exec(`INSERT INTO policies (policy_id, title, severity, kind, enforcement, tags, baseline_tag, golden_path, first_seen_ns, last_seen_ns)
VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9)`, p.id, p.title, p.sev, p.kind, p.enf, tags, p.golden, f.ns(p.first), f.ns(70))
	}
	const (
		db, net, app, web, old, misc = "github.com/acme/infra//db", "github.com/acme/infra//net", "github.com/acme/app//.", "github.com/acme/web//.", "ghcr.io/acme/old", "github.com/acme/misc//x"
	)
	for _, a := range []struct {
		kind, id, repo, path, owner string
		last                        int
	}{
		{"terraform", db, "github.com/acme/infra", "db", "payments", 70},
		{"terraform", net, "github.com/acme/infra", "net", "payments", 70},
		{"repo", app, "github.com/acme/app", ".", "payments", 70},
		{"repo", web, "github.com/acme/web", ".", "web", 70},
		{"image", old, "", "ghcr.io/acme/old", "web", 20},
		{"terraform", misc, "github.com/acme/misc", "x", "", 70},
	} {
		exec(`INSERT INTO assets (target_kind, target_id, target_repo, target_path, owner, first_seen_ns, last_seen_ns, last_run)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.kind, a.id, a.repo, a.path, a.owner, f.ns(0), f.ns(a.last), fmt.Sprintf("r-%d", a.last))
	}
	const open = -1
	for _, v := range []struct {
		kind, id, policy, verdict string
		from, to                  int
	}{
		{"terraform", db, "TF-1", "pass", 0, 35}, {"terraform", db, "TF-1", "fail", 35, open}, {"terraform", db, "TF-2", "pass", 0, open},
		{"terraform", db, "TF-3", "pass", 50, open},
		{"terraform", net, "TF-1", "pass", 0, open}, {"terraform", net, "TF-2", "waived", 0, open}, {"terraform", net, "TF-3", "fail", 50, open},
		{"repo", app, "RP-1", "pass", 0, open}, {"repo", app, "GP-1", "pass", 0, open},
		{"repo", web, "RP-1", "fail", 0, 30}, {"repo", web, "RP-1", "pass", 30, open}, {"repo", web, "GP-1", "warn", 0, open},
		{"image", old, "TF-1", "pass", 0, open},
		{"terraform", misc, "TF-1", "pass", 0, open}, {"terraform", misc, "TF-2", "pass", 0, open}, {"terraform", misc, "TF-3", "pass", 50, open},
	} {
		var to any
		if v.to != open {
			to = f.ns(v.to)
		}
		exec(`INSERT INTO verdicts (target_kind, target_id, policy_id, verdict, from_ns, to_ns) VALUES ($1, $2, $3, $4, $5, $6)`,
			v.kind, v.id, v.policy, v.verdict, f.ns(v.from), to)
	}
	expires := f.day(90).Format(time.DateOnly)
	for _, x := range []struct {
		fp, policy, sev, kind, id, resource, status, waiver, owner, expires string
		first, last, resolved                                               int
	}{
		{"fp-main", "TF-1", "high", "terraform", db, "aws_db_instance.main", "fail", "", "", "", 35, 70, open},
		{"fp-logs", "TF-3", "medium", "terraform", net, "aws_s3_bucket.logs", "fail", "", "", "", 50, 70, open},
		{"fp-sg", "TF-2", "critical", "terraform", net, "aws_security_group.web", "waived", "W-7", "alice", expires, 0, 70, open},
		{"fp-owners", "RP-1", "medium", "repo", web, "CODEOWNERS", "fail", "", "", "", 0, 20, 30},
		{"fp-replica", "TF-1", "high", "terraform", db, "aws_db_instance.replica", "fail", "", "", "", 10, 10, 20},
		{"fp-all", "TF-2", "critical", "terraform", misc, "aws_security_group.all", "fail", "", "", "", 20, 50, 60},
		{"fp-template", "GP-1", "low", "repo", web, "template", "warn", "", "", "", 0, 70, open},
	} {
		var resolved any
		if x.resolved != open {
			resolved = f.ns(x.resolved)
		}
		exec(`INSERT INTO findings (fingerprint, policy_id, severity, target_kind, target_id, resource, status, waiver_id, waiver_owner, waiver_expires,
	first_seen_ns, last_seen_ns, resolved_ns, reopened, last_run) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14)`,
			x.fp, x.policy, x.sev, x.kind, x.id, x.resource, x.status, x.waiver, x.owner, x.expires, f.ns(x.first), f.ns(x.last), resolved, fmt.Sprintf("r-%d", x.last))
	}
	exec(`INSERT INTO waived_periods (fingerprint, from_ns, to_ns, waiver_id, waiver_owner, waiver_expires) VALUES ('fp-sg', $1, NULL, 'W-7', 'alice', $2)`, f.ns(0), expires)
	return f
}

// roleTokens are a token of each role, and the tokens file admitting them.
type roleTokens struct {
	tokens                 *Tokens
	viewer, auditor, admin string
}

func newRoleTokens(t testing.TB) roleTokens {
	t.Helper()
	var rt roleTokens
	var lines []string
	for _, x := range []struct {
		role Role
		name string
		dst  *string
	}{{Viewer, "vera", &rt.viewer}, {Auditor, "audrey", &rt.auditor}, {Admin, "ada", &rt.admin}} {
		tok, line, err := NewToken(x.role, x.name)
		if err != nil {
			t.Fatal(err)
		}
		*x.dst = tok
		lines = append(lines, line)
	}
	tokens, err := ParseTokens(strings.NewReader(strings.Join(lines, "\n")), "tokens")
	if err != nil {
		t.Fatal(err)
	}
	rt.tokens = tokens
	return rt
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newTestServer(t testing.TB, st *store.Store, rt roleTokens, opts ...Option) *Server {
	t.Helper()
	s, err := New(st, rt.tokens, append([]Option{WithLogger(quietLogger()), WithVersion("test")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get requests path from h with token (none when ""), as a browser when
// html.
func get(t testing.TB, h http.Handler, path, token string, html bool) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if html {
		r.Header.Set("Accept", "text/html,application/xhtml+xml")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// sqliteFleet is the fleet in a SQLite store (tests about the server, not
// the databases).
func sqliteFleet(t testing.TB) *fleet {
	t.Helper()
	return newFleet(t, "sqlite://"+filepath.Join(t.TempDir(), "paved.db"))
}

func openStore(t testing.TB, url string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
