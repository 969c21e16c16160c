package secrets

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paved-dev/paved/engine/secrets/secretstest"
)

// Fake secrets are assembled from pieces so this file does not trip secret
// scanners itself. None of them is a live credential.
var (
	awsKeyID     = "AKIA" + "Z7QF3LMN4XR2PW6D"
	awsSecret    = "q9Xw2" + "Lr8ZpT4vKm7NcB1yHs6JdF0aGe3UoRi5Wt8"
	ghpToken     = "ghp_" + "R8kL2mQ9xV4nT7bZ1cW6yH3jD5fG0sA8pE2u"
	ghoToken     = "gho_" + "16C7e42F292c6912E7710c838347Ae178B4a"
	ghsToken     = "ghs_" + "Kx7Qm2Rt9Lp4Vz8Nc3Bw6Hy1Jd5Fg0Sa7TeU"
	fineGrained  = "github_pat_" + "11ABCDEFG0a1B2c3D4e5F6_" + "g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6a7B8c9D0e1F2g3H4i5J"
	glpat        = "glpat-" + "x9Rk2Lm7Qp4Vn8Tz3Bc6"
	slackBot     = "xoxb-" + "2048137755-4219876543210-" + "Hq7Lm2Rk9Xv4Tn8Pz3Wc6Bd"
	slackHook    = "https://hooks.slack.com/services/" + "T024BE7LD/B01QX7R8N2K/" + "a8Kz2Lq9Xm4Vt7Rp3Nc6Hb1W"
	gcpKey       = "AIza" + "SyB7k2Lm9Qx4Vn8Tz3Rc6Wp1Hd5Jf0Gs7Ua"
	stripeKey    = "sk_live_" + "51Hq7Lm2Rk9Xv4Tn8Pz3Wc6BdA0"
	pemBody      = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"
	privateKey   = "-----BEGIN RSA " + "PRIVATE KEY-----\n" + pemBody + "\nVKRX9hIhe5kQ+q3yBx9Bc7Lk2Nm8Rt4Pq6Wz1Xv3Yh5Jd0Fs7Ga9Ub2Ck4El6Mn\n-----END RSA " + "PRIVATE KEY-----\n"
	dbPassword   = "Tr0ub4dor" + "-9xQ2mZ7kLp"
	genericToken = "c3f9a1e8" + "7b2d4c6e9f0a1b3c5d7e"
	npmToken     = "npm_" + "k7Qx2Lm9Rt4Vz8Nc3Bw6Hy1Jd5Fg0Sa7TeUp"
	doToken      = "dop_v1_" + "3f9a1e87b2d4c6e9f0a1b3c5d7e8f9a0" + "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6"
	sendgridKey  = "SG." + "Hq7Lm2Rk9Xv4Tn8Pz3Wc6B" + "." + "dA0k7Qx2Lm9Rt4Vz8Nc3Bw6Hy1Jd5Fg0Sa7TeUpW2eQ"
	anthropicKey = "sk-ant-" + "api03-" + "Hq7Lm2Rk9Xv4Tn8Pz3Wc6BdA0k7Qx2Lm9Rt4Vz8Nc3Bw6Hy1Jd" + "5Fg0Sa7TeUpW2eR5tY8uI1oP4aS7dF0gH3jK6lZ9xC2" + "AA"
	tfPassword   = "Hq7Lm2Rk" + "9Xv4Tn8P"
	lobKey       = "live_" + "527c0238de563d13b8efb6c733405a8d117"
	airtablePAT  = "pat" + "d8rbfg2tejbn72.d1d9144aa93c33f91837b89071076ac17bc00363f29b8f758a00cbe7ef0e372d"
	// ghpLive carries a valid checksum: it looks live (it is not).
	ghpLive       = secretstest.GitHubToken("ghp_", "Zq3x9Lm2Pk7WbR8kL2mQ9xV4nT7bZ1")
	slackDocsHook = "https://hooks.slack.com/services/" + "T00000000/B00000000/" + "XXXXXXXXXXXXXXXXXXXXXXXX"
)

func newScanner(t testing.TB) *Scanner {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type want struct {
	rule      string
	line, col int
	ctx       Context // "" is ContextCode
}

func TestScan(t *testing.T) {
	s := newScanner(t)
	tests := []struct {
		name    string
		content string
		secret  string // must not appear in any finding
		want    []want
	}{
		{"aws key id", "provider \"aws\" {\n  access_key = \"" + awsKeyID + "\"\n}\n", awsKeyID,
			[]want{{"aws-access-token", 2, 17, ""}}},
		{"aws secret", "[default]\naws_secret_access_key = " + awsSecret + "\n", awsSecret,
			[]want{{"generic-api-key", 2, 1, ""}}},
		{"aws secret env", "export AWS_SECRET_ACCESS_KEY=\"" + awsSecret + "\"", awsSecret,
			[]want{{"generic-api-key", 1, 8, ""}}},
		{"github pat", "# ci\ntoken: " + ghpLive + "\n", ghpLive,
			[]want{{"github-pat", 2, 8, ""}}},
		{"github pat bad checksum", "# ci\ntoken: " + ghpToken + "\n", ghpToken,
			[]want{{"github-pat", 2, 8, ContextInvalidChecksum}}},
		{"github oauth", "x=" + ghoToken, ghoToken, []want{{"github-oauth", 1, 3, ContextInvalidChecksum}}},
		{"github app", "GH=" + ghsToken + "\n", ghsToken, []want{{"github-app-token", 1, 4, ContextInvalidChecksum}}},
		{"github fine-grained", "pat " + fineGrained + "\n", fineGrained,
			[]want{{"github-fine-grained-pat", 1, 5, ""}}},
		{"gitlab", "\n\n\tGITLAB_TOKEN: '" + glpat + "'\n", glpat, []want{{"gitlab-pat", 3, 17, ""}}},
		{"slack token", "slack: " + slackBot, slackBot, []want{{"slack-bot-token", 1, 8, ""}}},
		{"slack webhook", "url = \"" + slackHook + "\"", slackHook[len("https://hooks.slack.com/services/"):],
			[]want{{"slack-webhook-url", 1, 8, ""}}},
		{"gcp", "const key = \"" + gcpKey + "\";", gcpKey, []want{{"gcp-api-key", 1, 14, ""}}},
		{"stripe", "STRIPE=" + stripeKey, stripeKey, []want{{"stripe-access-token", 1, 8, ""}}},
		{"private key", "a\nb\n" + privateKey, pemBody, []want{{"private-key", 3, 1, ""}}},
		{"private key escaped in json", `{"private_key": "-----BEGIN ` + `PRIVATE KEY-----\n` + pemBody + `\n-----END PRIVATE KEY-----\n"}`, pemBody,
			[]want{{"private-key", 1, 18, ""}}},
		{"generic password", "db:\n  password: \"" + dbPassword + "\"\n", dbPassword,
			[]want{{"generic-api-key", 2, 3, ""}}},
		{"generic api key", "API_KEY=" + genericToken, genericToken, []want{{"generic-api-key", 1, 1, ""}}},
		{"column counts characters", "# héllo wörld\nnote = \"é\" + \"" + ghpLive + "\"", ghpLive,
			[]want{{"github-pat", 2, 15, ""}}},
		{"crlf", "a\r\nb\r\nkey: " + ghpLive + "\r\n", ghpLive, []want{{"github-pat", 3, 6, ""}}},
		{"two on one line", ghpLive + " " + ghoToken, ghpLive, []want{{"github-pat", 1, 1, ""}, {"github-oauth", 1, 42, ContextInvalidChecksum}}},
		{"specific beats generic", "GITHUB_TOKEN=" + ghpLive, ghpLive, []want{{"github-pat", 1, 14, ""}}},

		// an identifier on the line before its value, as gitleaks finds it
		{"value on the next line", "<password>\n    " + dbPassword + "\n</password>\n", dbPassword,
			[]want{{"generic-api-key", 1, 2, ""}}},
		{"yaml value on the next line", "db:\n  password:\n    " + genericToken + "\n", genericToken,
			[]want{{"generic-api-key", 2, 3, ""}}},
		{"named value on the next line", "<lobToken>\n    " + lobKey + "\n</lobToken>\n", lobKey,
			[]want{{"lob-api-key", 1, 2, ""}}},
		{"keyword elsewhere in the file", "# airtable\n\n\nx = " + airtablePAT + "\n", airtablePAT,
			[]want{{"airtable-personnal-access-token", 4, 5, ""}}},

		// more of gitleaks' rules
		{"npm", "//registry.npmjs.org/:_authToken=" + npmToken + "\n", npmToken, []want{{"npm-access-token", 1, 34, ""}}},
		{"digitalocean", "DO_TOKEN: '" + doToken + "'", doToken, []want{{"digitalocean-pat", 1, 12, ""}}},
		{"sendgrid", "sendgrid = \"" + sendgridKey + "\"", sendgridKey, []want{{"sendgrid-api-token", 1, 13, ""}}},
		{"anthropic", "ANTHROPIC=" + anthropicKey + "\n", anthropicKey, []want{{"anthropic-api-key", 1, 11, ""}}},

		// false positives
		{"aws placeholder", "access_key = \"AKIAXXXXXXXXXXXXXXXX\"", "", nil},
		{"aws documentation key", "aws_access_key_id = AKIA" + "IOSFODNN7EXAMPLE\naws_secret_access_key = wJalr" + "XUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", "", nil},
		{"ghp placeholder", "token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "", nil},
		{"slack docs webhook", slackDocsHook, "", []want{{"slack-webhook-url", 1, 1, ContextPlaceholder}}},
		{"slack placeholder", "token: xoxb-your-token-here", "", nil},
		{"pem header in code", "const header = \"-----BEGIN RSA " + "PRIVATE KEY-----\"\nif strings.HasPrefix(s, header) {\n", "", nil},
		{"password from env", "password = os.Getenv(\"DB_PASSWORD\")", "", nil},
		{"password variable ref", "password: ${{ secrets.DB_PASSWORD }}", "", nil},
		{"password env name", "password_env: DATABASE_PASSWORD_V2", "", nil},
		{"password placeholder", "password: \"changeme-1234567890\"", "", nil},
		{"password dotted", "secret = config.credentials.secretValue2", "", nil},
		{"password function", "token := generateToken123456789()", "", nil},
		{"password path", "secret_file: /etc/paved/secret-2024.pem", "", nil},
		{"words only", "password: correct-horse-battery-staple", "", nil},
		{"low entropy", "api_key = \"1111111111111111aaaa\"", "", nil},
		{"token url", "token_url: https://example.com/oauth2/token", "", nil},
		{"empty", "", "", nil},
		{"binary", "\x00\x01" + ghpToken, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Scan("dir/file.txt", []byte(tt.content))
			var gotW []want
			for _, f := range got {
				ctx := f.Context
				if ctx == ContextCode {
					ctx = ""
				}
				gotW = append(gotW, want{f.Rule, f.Line, f.Column, ctx})
				if f.File != "dir/file.txt" || f.Kind == "" || f.Context == "" || len(f.Fingerprint) != 64 {
					t.Errorf("malformed finding %+v", f)
				}
				if tt.secret != "" {
					assertNoSecret(t, f, tt.secret)
				}
			}
			if !reflect.DeepEqual(gotW, tt.want) {
				t.Errorf("got %v, want %v", gotW, tt.want)
			}
		})
	}
}

// assertNoSecret fails if any string field of f holds the secret or a
// sizeable piece of it. Rule and Kind come from the rule table, not the
// content (a secret may begin with its rule's name: bedrock-api-key-…).
func assertNoSecret(t *testing.T, f Finding, secret string) {
	t.Helper()
	v := reflect.ValueOf(f)
	for i := range v.NumField() {
		field := v.Field(i)
		if field.Kind() != reflect.String || v.Type().Field(i).Name == "Rule" || v.Type().Field(i).Name == "Kind" {
			continue
		}
		s := field.String()
		for j := 0; j+12 <= len(secret); j += 4 {
			if strings.Contains(s, secret[j:j+12]) {
				t.Errorf("finding field %s holds part of the secret", v.Type().Field(i).Name)
				break
			}
		}
	}
}

func TestFingerprint(t *testing.T) {
	s := newScanner(t)
	a := s.Scan("a.tf", []byte("k = \""+ghpToken+"\""))
	b := s.Scan("a.tf", []byte("\n\n   k = \""+ghpToken+"\""))
	c := s.Scan("b.tf", []byte("k = \""+ghpToken+"\""))
	if len(a) != 1 || len(b) != 1 || len(c) != 1 {
		t.Fatalf("findings: %v %v %v", a, b, c)
	}
	if a[0].Fingerprint != b[0].Fingerprint {
		t.Error("fingerprint depends on position; want it stable when lines move")
	}
	if a[0].Fingerprint == c[0].Fingerprint {
		t.Error("fingerprint ignores the file")
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(a[0].Fingerprint) {
		t.Errorf("fingerprint %q is not hex SHA-256", a[0].Fingerprint)
	}
}

func TestBinaryAfterSniffWindow(t *testing.T) {
	s := newScanner(t)
	content := "k: " + ghpToken + "\n" + strings.Repeat("x", binarySniff) + "\x00"
	if got := s.Scan("f", []byte(content)); len(got) != 1 {
		t.Errorf("NUL past the sniff window: got %d findings, want 1", len(got))
	}
}

func TestRules(t *testing.T) {
	s := newScanner(t)
	ids := s.Rules()
	if len(ids) < 180 || ids[len(ids)-1] != "generic-api-key" {
		t.Errorf("rules = %v", ids)
	}
	for _, r := range s.rules {
		r.re() // compiled lazily in Scan; a bad pattern panics here instead
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("duplicate rule %s", id)
		}
		seen[id] = true
	}
}

func TestGitleaksRules(t *testing.T) {
	s := newScanner(t)
	if n := len(s.Rules()); n < 180 {
		t.Errorf("%d usable gitleaks rules, want at least 180", n)
	}
	if sk := s.Skipped(); sk.PathOnly != 1 {
		t.Errorf("skipped %+v", sk)
	}
	if s.Version() != "v8.30.1" {
		t.Errorf("version %q", s.Version())
	}
	t.Logf("%d rules, skipped %+v", len(s.rules), s.Skipped())
}

// lazyRegexps drops an allowlist pattern Go cannot compile, which would
// quietly narrow what the allowlist skips: every one must compile.
func TestAllowlistsCompile(t *testing.T) {
	var cfg jsonConfig
	if err := json.Unmarshal(gitleaksRules, &cfg); err != nil {
		t.Fatal(err)
	}
	als := []jsonAllowlist{cfg.Allowlist}
	n := 0
	for _, r := range cfg.Rules {
		als = append(als, r.Allowlists...)
		if r.Path != "" {
			if _, err := regexp.Compile(r.Path); err != nil {
				t.Errorf("rule %s path %q: %v", r.ID, r.Path, err)
			}
		}
	}
	for _, a := range als {
		for _, p := range append(append([]string(nil), a.Regexes...), a.Paths...) {
			n++
			if _, err := regexp.Compile(p); err != nil {
				t.Errorf("allowlist pattern %q: %v", p, err)
			}
		}
	}
	if n < 50 {
		t.Fatalf("%d allowlist patterns: the rules file lost its allowlists", n)
	}
}

// Only paved's own copy of the rules is skipped, not any file of that name
// (a repository could otherwise hide a secret by naming a file so).
// The shipped allowlist names no path of paved's own: a repository could
// hide a secret under it.
func TestNoPavedPathAllowlisted(t *testing.T) {
	s := newScanner(t)
	content := []byte("token: " + ghpToken + "\n")
	for _, name := range []string{"engine/secrets/gitleaks-rules.json", "vendor/x/engine/secrets/gitleaks-rules.json"} {
		if got := s.Scan(name, content); len(got) != 1 {
			t.Errorf("%s: %v, want the token found", name, got)
		}
	}
}

func TestPathRules(t *testing.T) {
	s := newScanner(t)
	content := []byte("token: " + ghpToken + "\n")
	for _, name := range []string{"go.sum", "web/package-lock.json", "node_modules/x/index.js", "logo.png"} {
		if got := s.Scan(name, content); len(got) != 0 {
			t.Errorf("%s: global allowlist should skip it, got %v", name, got)
		}
	}
	if got := s.Scan("go.mod.txt", content); len(got) != 1 {
		t.Errorf("go.mod.txt: got %v", got)
	}
	tf := []byte("  password = \"" + tfPassword + "\"\n")
	got := s.Scan("main.tf", tf)
	if len(got) == 0 || !slices.ContainsFunc(got, func(f Finding) bool { return f.Rule == "hashicorp-tf-password" }) {
		t.Errorf("main.tf: got %v, want hashicorp-tf-password", got)
	}
	for _, f := range got {
		assertNoSecret(t, f, tfPassword+"1234")
	}
	if got := s.Scan("main.go", tf); slices.ContainsFunc(got, func(f Finding) bool { return f.Rule == "hashicorp-tf-password" }) {
		t.Errorf("main.go: hashicorp-tf-password applies to .tf files only, got %v", got)
	}
}

func TestConcurrentScan(t *testing.T) {
	s := newScanner(t)
	content := []byte("a\npassword: " + dbPassword + "\ntoken: " + ghpToken + "\n")
	want := s.Scan("f", content)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 50 {
				got := s.Scan("f", content)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("goroutine %d: got %v", i, got)
					return
				}
			}
		})
	}
	wg.Wait()
}

func FuzzScan(f *testing.F) {
	for _, seed := range []string{
		"",
		"key = \"" + awsKeyID + "\"\n",
		"password: " + dbPassword,
		privateKey,
		"é\nx" + ghpToken + "\r\n" + glpat,
		"token: xoxb-1-" + strings.Repeat("a1", 20),
		"-----BEGIN PRIVATE KEY-----\\n" + pemBody,
		"\x00" + ghpToken,
	} {
		f.Add(seed)
	}
	s := newScanner(f)
	f.Fuzz(func(t *testing.T, content string) {
		got := s.Scan("f", []byte(content))
		lines := strings.Count(content, "\n") + 1
		for _, g := range got {
			if g.Line < 1 || g.Line > lines || g.Column < 1 {
				t.Errorf("finding out of range: %+v (lines %d)", g, lines)
			}
			if len(g.Fingerprint) != 64 {
				t.Errorf("fingerprint %q", g.Fingerprint)
			}
		}
		if again := s.Scan("f", []byte(content)); !reflect.DeepEqual(got, again) {
			t.Errorf("scan not deterministic: %v then %v", got, again)
		}
	})
}

func ExampleScanner_Scan() {
	s, err := New()
	if err != nil {
		panic(err)
	}
	content := "provider \"aws\" {\n  access_key = \"" + "AKIA" + "Z7QF3LMN4XR2PW6D" + "\"\n}\n"
	for _, f := range s.Scan("main.tf", []byte(content)) {
		fmt.Printf("%s:%d:%d: %s\n", f.File, f.Line, f.Column, f.Rule)
	}
	// Output: main.tf:2:17: aws-access-token
}

// TestOwnSourcesClean scans this package's files, seeds included: the fake
// secrets are assembled or escaped so that no scanner flags the repository.
func TestOwnSourcesClean(t *testing.T) {
	s := newScanner(t)
	var files []string
	for _, glob := range []string{"*.go", "testdata/fuzz/FuzzScan/*"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 4 {
		t.Fatalf("found only %v", files)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range s.Scan(name, b) {
			t.Errorf("%s:%d:%d: %s", f.File, f.Line, f.Column, f.Rule)
		}
	}
}

// Rules compile lazily, so a regex Go cannot use would only drop out on its
// first hit; none of the embedded set may.
func TestEveryRuleCompiles(t *testing.T) {
	s := newScanner(t)
	for i := range s.rules {
		if s.rules[i].re() == nil {
			t.Errorf("rule %s: Go cannot compile its regex, or its secret group does not exist", s.rules[i].id)
		}
	}
}
