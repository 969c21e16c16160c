package image

import (
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine/secrets/secretstest"
)

// fingerprint is a GPG key fingerprint's shape, made here so that no
// source line assigns a high-entropy value to a key's name.
var fingerprint = strings.ToUpper(strings.Repeat("a035c8c1", 5))

func TestRedactEnv(t *testing.T) {
	token := secretstest.GitHubToken("ghp_", strings.Repeat("Rd4c", 7)+"Xy")
	for _, c := range []struct {
		name, value string
		redact      bool
	}{
		{"GITHUB_TOKEN", "anything", true},
		{"MYSQL_ROOT_PASSWORD", "changeme", true},
		{"AWS_SECRET_ACCESS_KEY", "x", true},
		{"STRIPE_API_KEY", "x", true},
		{"SIGNING_KEY", "x", true},
		{"GH", token, true},                                    // a value the scanner flags, whatever its name
		{"DATABASE_URL", "postgres://app:s3cret@db/app", true}, // a URL's password
		{"GITHUB_TOKEN", "", false},                            // nothing to hide
		{"POSTGRES_PASSWORD_FILE", "/run/secrets/pg", false},
		{"TOKEN_URL", "https://auth.example/token", false},
		{"GPG_KEY", fingerprint, false}, // a public fingerprint (the python image)
		{"PATH", "/usr/local/bin:/usr/bin", false},
		{"PWD", "/app", false},
		{"KEYCLOAK_VERSION", "26.0", false},
		{"DATABASE_URL", "postgres://db/app", false},
	} {
		r := &redactor{scanner: testScanner()}
		v, red := r.env(c.name, c.value)
		if red != c.redact || (red && v != redacted) || (!red && v != c.value) {
			t.Errorf("%s=%s: %q %v", c.name, c.value, v, red)
		}
	}
}

func TestRedactText(t *testing.T) {
	token := secretstest.GitHubToken("ghp_", strings.Repeat("Tx8v", 7)+"Pq")
	r := &redactor{scanner: testScanner()}
	r.env("SESSION_SECRET", "correct-horse-battery")
	for in, want := range map[string]string{
		"RUN |2 NPM_TOKEN=abc123 VERSION=1.2 /bin/sh -c npm ci": "RUN |2 NPM_TOKEN=<redacted> VERSION=1.2 /bin/sh -c npm ci",
		`ENV API_KEY="quoted value"`:                            "ENV API_KEY=<redacted>",
		"/app --password=hunter2 --port=8080":                   "/app --password=<redacted> --port=8080",
		"git clone https://bot:pat123@github.com/acme/app":      "git clone https://bot:<redacted>@github.com/acme/app",
		"echo correct-horse-battery > /etc/app":                 "echo <redacted> > /etc/app",
		"echo " + token + " > ~/.token":                         "<redacted>",
		"ENV GPG_KEY=" + fingerprint:                            "ENV GPG_KEY=" + fingerprint,
		"RUN apt-get update && apt-get install -y curl":         "RUN apt-get update && apt-get install -y curl",
	} {
		if got := r.text(in); got != want {
			t.Errorf("%q\n got %q\nwant %q", in, got, want)
		}
	}
	if got := r.pair("com.acme.deploy-token", "abc"); got != redacted {
		t.Errorf("a label named like a credential: %q", got)
	}
	if got := r.pair("org.opencontainers.image.source", "https://github.com/acme/app"); got != "https://github.com/acme/app" {
		t.Errorf("a plain label: %q", got)
	}
}
