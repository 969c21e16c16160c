package serve

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/testenv"
)

// chromium is the headless browser the page tests drive: Debian's
// chromium package (.ci/run installs it).
func chromium(t *testing.T) string {
	t.Helper()
	return testenv.Tool(t, "apt-get install chromium: the dashboard is not tested in a browser", "chromium", "chromium-browser")
}

// artifacts is where the screenshots go: $PAVED_TEST_ARTIFACTS/serve when
// set (CI keeps it), else the test's temporary directory.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if a := os.Getenv("PAVED_TEST_ARTIFACTS"); a != "" {
		dir = filepath.Join(a, "serve")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// consoleLine is a line Chromium logs for a console message or an
// uncaught exception (a CSP violation is one too).
var consoleLine = regexp.MustCompile(`(?i):CONSOLE|Uncaught`)

// TestBrowser loads every page in headless Chromium from a server on
// loopback over a store with known data, and checks the figures the page
// shows, that nothing went to the console, and keeps a screenshot of each.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	f := sqliteFleet(t)
	rt := newRoleTokens(t)
	s := newTestServer(t, f.st, rt)
	// The browser cannot be given a header: a front in the test adds the
	// admin's token to every request, as a reverse proxy would.
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+rt.admin)
		s.ServeHTTP(w, r)
	}))
	defer front.Close()
	// And one without a token, for what anyone sees.
	bare := httptest.NewServer(s)
	defer bare.Close()
	dir := artifacts(t)
	t.Logf("screenshots in %s", dir)

	day := func(d int) string { return f.day(d).Format(time.DateOnly) }
	pages := []struct {
		name, url string
		want      []string // in the DOM, as Chromium serialises it
	}{
		{"overview", front.URL + "/", []string{
			`id="tile-coverage"><div class="n">60.0%</div><div class="l">coverage: 3 of 5 assets`,
			`id="tile-adoption"><div class="n">50.0%</div><div class="l">golden-path adoption: 1 of 2 repositories`,
			`id="tile-past-sla"><div class="n">1</div>`, `id="tile-waived"><div class="n">1</div>`,
			`<td>critical</td><td class="num">1</td><td class="num">40.0</td><td class="num">40.0</td><td class="num">7</td><td class="num">0.0%</td>`,
			`<td>high</td><td class="num">1</td><td class="num">1</td><td class="num">1</td><td class="num">0</td>`,
			`>TF-1</a></td><td>Databases are encrypted at rest</td><td>high</td><td class="num">1</td><td class="num">3</td>`,
			`>payments</a></td><td class="num">3</td><td class="num">1</td>`, `33.3%`,
			`class="policy-change"`, `<td>` + day(50)[:4], `TF-3`,
			`aws_security_group.web`, // the waiver expiring, for an admin
		}},
		{"overview-payments-terraform", front.URL + "/?team=payments&kind=terraform", []string{
			`id="tile-coverage"><div class="n">0.0%</div><div class="l">coverage: 0 of 2 assets`,
		}},
		{"overview-past", front.URL + "/?at=" + day(20), []string{
			`id="tile-coverage"><div class="n">83.3%</div><div class="l">coverage: 5 of 6 assets`,
			`/policies?at=` + day(20), // links keep the filter
		}},
		{"team", front.URL + "/teams/payments", []string{
			`id="tile-coverage"><div class="n">33.3%</div><div class="l">coverage: 1 of 3 assets`,
			`github.com/acme/infra//db</a></td><td>terraform</td>`, `<span class="bad">failing</span>`, `<span class="ok">passing</span>`,
		}},
		{"policies", front.URL + "/policies", []string{
			`>TF-3</a></td><td>S3 buckets block public access</td><td>medium</td>`, `66.7%`, `golden path`,
		}},
		{"policy", front.URL + "/policies/TF-1", []string{
			`id="tile-passing"><div class="n">66.7%</div><div class="l">2 of 3 live assets pass it`,
			`github.com/acme/infra//db</a></td><td>terraform</td><td><a href="/teams/payments">payments</a></td>`,
			// Days rounded: 35 or 36, by the time of day.
			`<td><span class="v v-fail">fail</span></td><td>` + day(35) + `</td><td class="num">` + strconv.FormatFloat(time.Since(f.day(35)).Hours()/24, 'f', 0, 64) + `</td>`,
		}},
		{"asset", front.URL + assetURL("terraform", dbAsset), []string{
			`<span class="bad">failing</span>`, `id="tile-findings"><div class="n">1</div>`,
			`>TF-1</a></td><td>Databases are encrypted at rest</td><td>high</td><td><span class="v v-fail">fail</span></td><td>` + day(35),
			`aria-label="Verdict history by policy"`, `aws_db_instance.main`, `aws_db_instance.replica`,
		}},
		{"asset-waived", front.URL + assetURL("terraform", "github.com/acme/infra//net"), []string{
			`W-7 by alice, expires ` + day(90), day(0) + ` to now`,
		}},
		{"runs", front.URL + "/runs", []string{
			`8 runs`, `>r-70</a>`, `sha256:feedfacecafe`, evidenceLocation,
		}},
		{"run", front.URL + "/runs/r-70", []string{
			`id="evidence-digest">` + evidenceDigest, `id="evidence-location">` + evidenceLocation,
		}},
		{"store", front.URL + "/store", []string{`<td>runs</td><td class="num">8</td>`, `<td>vera</td><td>viewer</td>`}},
		{"not-found", front.URL + "/teams/nobody", []string{`id="error"`, `is not in the store`}},
		{"login", bare.URL + "/teams/payments", []string{`action="/login"`, `name="next" value="/teams/payments"`}},
	}
	// Two browsers at a time: the machines have two cores.
	slots := make(chan struct{}, 2)
	t.Run("pages", func(t *testing.T) {
		for _, p := range pages {
			t.Run(p.name, func(t *testing.T) {
				t.Parallel()
				slots <- struct{}{}
				defer func() { <-slots }()
				shot := filepath.Join(dir, p.name+".png")
				ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
				defer cancel()
				cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
					"--user-data-dir="+t.TempDir(), "--no-first-run", "--hide-scrollbars",
					"--dump-dom", "--screenshot="+shot, "--window-size=1280,2000", p.url)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("chromium: %v\n%s", err, tail(stderr.String()))
				}
				dom := stdout.String()
				for _, w := range p.want {
					if !strings.Contains(dom, w) {
						t.Errorf("the page does not show %q", w)
					}
				}
				if strings.Contains(dom, "could not be drawn") {
					t.Error("the page failed to render")
				}
				for _, line := range strings.Split(stderr.String(), "\n") {
					if consoleLine.MatchString(line) {
						t.Errorf("console: %s", line)
					}
				}
				png, err := os.ReadFile(shot)
				if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
					t.Errorf("no screenshot at %s: %v", shot, err)
				}
				if t.Failed() {
					os.WriteFile(filepath.Join(dir, p.name+".html"), stdout.Bytes(), 0o644)
				}
			})
		}
	})
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}
