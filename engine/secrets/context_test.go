package secrets

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine/secrets/secretstest"
)

func TestGitHubChecksum(t *testing.T) {
	// Published examples of the format with valid checksums (a checksum
	// validator's test suite), split so this file trips no scanner.
	for _, tok := range []string{
		"ghp_" + "M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V4",
		"ghp_" + "HEEjXavM6wKtyhAUwDblMznMEhWyTt4XwY6f",
		"ghp_" + "yk8LTIKF7M9SgRPBFzu7nkPQBBLcAa2aAbrx",
		secretstest.GitHubToken("gho_", "0123456789abcdefghijABCDEFGHIJ"),
		secretstest.GitHubToken("ghr_", "000000000000000000000000000001"), // checksum with leading zeros
	} {
		if !isGitHubToken([]byte(tok)) || !githubChecksumOK([]byte(tok)) {
			t.Errorf("%s…: checksum should verify", tok[:8])
		}
	}
	for _, tok := range []string{
		"ghp_" + "M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V3", // last character changed
		"ghp_" + "N7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V4", // first character changed
		ghpToken,
	} {
		if !isGitHubToken([]byte(tok)) || githubChecksumOK([]byte(tok)) {
			t.Errorf("%s…: checksum should fail", tok[:8])
		}
	}
	for _, tok := range []string{"ghx_" + strings.Repeat("a", 36), "ghp_" + strings.Repeat("a", 35), "ghp_" + strings.Repeat("a", 35) + "-"} {
		if isGitHubToken([]byte(tok)) {
			t.Errorf("%q is not a classic GitHub token", tok)
		}
	}
}

// Context is decided by the value before the path, and every finding has
// one with its reason.
func TestScanContext(t *testing.T) {
	s := newScanner(t)
	tests := []struct {
		file, content string
		want          Context
		reason        string // a piece of the reason
	}{
		{"deploy.sh", "export GH_TOKEN=" + ghpLive + "\n", ContextCode, ""},
		{"internal/gh/client_test.go", "const tok = \"" + ghpLive + "\"\n", ContextTest, "_test.go"},
		{"testdata/creds.json", `{"token": "` + ghpLive + `"}`, ContextFixture, "testdata/"},
		{"docs/api.md", "export GH_TOKEN=" + ghpLive + "\n", ContextDocs, "api.md"},
		{"examples/ci/main.go", "tok := \"" + ghpLive + "\"\n", ContextExample, "examples/"},
		{"deploy.sh", "export GH_TOKEN=" + ghpToken + "\n", ContextInvalidChecksum, "checksum"},
		{"internal/gh/client_test.go", "const tok = \"" + ghpToken + "\"\n", ContextInvalidChecksum, "checksum"},
		{"config.py", "STRIPE = \"sk_live_" + "51Hq7Lm2Rk9Xv4Tn8PdummyA0\"\n", ContextPlaceholder, `"dummy"`},
		{"app.py", "jwt = \"" + jwtIOSample + "\"\n", ContextTestVector, "jwt.io"},
		{"rules/gh.go", "tps := []string{\"" + ghpLive + "\"} // gitleaks:allow\n", ContextAllowed, "gitleaks:allow"},
		{"keys.go", "k := `" + strings.TrimSuffix(privateKey, "\n") + "` // gitleaks:allow\n", ContextAllowed, "gitleaks:allow"},
	}
	for _, tt := range tests {
		got := s.Scan(tt.file, []byte(tt.content))
		if len(got) != 1 {
			t.Errorf("%s %q: %d findings, want 1: %v", tt.file, tt.content, len(got), got)
			continue
		}
		f := got[0]
		if f.Context != tt.want || !strings.Contains(f.ContextReason, tt.reason) || (f.Context == ContextCode) != (f.ContextReason == "") {
			t.Errorf("%s: context %s (%q), want %s (…%s…)", tt.file, f.Context, f.ContextReason, tt.want, tt.reason)
		}
		if !f.Context.Live() != (tt.want != ContextCode) {
			t.Errorf("%s: Live() = %v", tt.file, f.Context.Live())
		}
	}
}

// jwtIOSample is the sample token shown on jwt.io (split: no scanner
// should flag this file).
var jwtIOSample = "ey" + "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + "ey" + "JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"

// The published test keys are recognised in the form they are copied in:
// PEM text, or the same lines in a Go string with escaped newlines. The
// keys come from Go's own source tree, where they are stored under
// "TESTING KEY" so that scanners skip them.
func TestTestVectors(t *testing.T) {
	s := newScanner(t)
	root := runtime.GOROOT()
	files := []string{
		filepath.Join(root, "src", "crypto", "rsa", "example_test.go"),                   // RFC 9500 testRSA2048
		filepath.Join(root, "src", "net", "http", "internal", "testcert", "testcert.go"), // httptest's key
	}
	re := regexp.MustCompile(`(?s)-----BEGIN RSA TESTING KEY-----.*?-----END RSA TESTING KEY-----`)
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Skipf("Go's source tree is not here: %v", err)
		}
		pem := re.Find(b)
		if pem == nil {
			t.Fatalf("%s: no test key", name)
		}
		key := strings.ReplaceAll(string(pem), "TESTING KEY", "PRIVATE KEY") + "\n"
		escaped := `var key = "` + strings.ReplaceAll(key, "\n", `\n`) + `"` + "\n"
		for _, content := range []string{key, escaped} {
			got := s.Scan("certs/server.key", []byte(content))
			if len(got) != 1 || got[0].Rule != "private-key" || got[0].Context != ContextTestVector {
				t.Errorf("%s: got %v, want one private-key in context test-vector", name, got)
			}
		}
	}
	// A key not in the list stays a live-looking one.
	got := s.Scan("certs/server.key", []byte(privateKey))
	if len(got) != 1 || got[0].Context != ContextCode {
		t.Errorf("an unknown key: got %v, want context code", got)
	}
}

// The generic rule does not read a lock file's pins as secrets; the
// specific rules still apply there.
func TestLockFiles(t *testing.T) {
	s := newScanner(t)
	pin := "{\"key\": \"libc6_2.36-9-p-deb12u14_amd64\", \"version\": \"2.36\"}\n"
	if got := s.Scan("config/settings.json", []byte(pin)); len(got) != 1 || got[0].Rule != "generic-api-key" {
		t.Fatalf("outside a lock file: %v, want the generic rule to fire (else this test proves nothing)", got)
	}
	// Names gitleaks' global allowlist does not already skip.
	for _, name := range []string{"deb/bookworm.lock.json", "Cargo.lock", "flake.lock", "deps/tools-lock.yaml", "ci/images.lockfile"} {
		if got := s.Scan(name, []byte(pin)); len(got) != 0 {
			t.Errorf("%s: %v, want nothing", name, got)
		}
		if got := s.Scan(name, []byte("token = \""+ghpLive+"\"\n")); len(got) != 1 || got[0].Rule != "github-pat" {
			t.Errorf("%s: %v, want the GitHub token", name, got)
		}
	}
}
