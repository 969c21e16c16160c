package image

import (
	"regexp"
	"strings"

	"github.com/paved-dev/paved/engine/secrets"
)

// redacted replaces a secret value wherever the document would hold it.
const redacted = "<redacted>"

// redactor keeps secrets out of the document: environment values, and the
// free text of an image (build steps, labels, annotations, commands) that
// can repeat them. Build steps hold ENV instructions and build arguments
// (RUN |1 NPM_TOKEN=… sh -c …) as written.
type redactor struct {
	scanner *secrets.Scanner
	values  []string // environment values already redacted, to hide where repeated
}

// credentialWords mark a name as holding a credential; notCredential
// suffixes say it names where one is (POSTGRES_PASSWORD_FILE) instead.
var (
	credentialWords = []string{"TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "PRIVATE_KEY",
		"PRIVATEKEY", "API_KEY", "APIKEY", "ACCESS_KEY", "AUTH_KEY", "CLIENT_KEY"}
	credentialSuffixes = []string{"_KEY", "_PASS", "_PWD", "_AUTH"}
	notCredential      = []string{"_FILE", "_PATH", "_DIR", "_URL", "_URI", "_ENDPOINT", "_HOST", "_PORT", "_NAME", "_ARN", "_VERSION"}
	// fingerprints are public key fingerprints (GPG_KEY in the official
	// Python image): hex, space-separated.
	fingerprints = regexp.MustCompile(`^[0-9A-Fa-f]{16,40}( +[0-9A-Fa-f]{16,40})*$`)
	// assignment finds NAME=value and --flag=value in text.
	assignment = regexp.MustCompile(`(-{0,2}[A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']+)`)
	// urlPassword finds the password of scheme://user:password@host.
	urlPassword = regexp.MustCompile(`(://[^/\s:@]+:)([^/\s@]+)@`)
)

// credentialName reports whether a variable, label or flag name looks
// like it holds a credential.
func credentialName(n string) bool {
	n = strings.ToUpper(strings.Map(func(r rune) rune {
		if r == '.' || r == '-' {
			return '_'
		}
		return r
	}, strings.TrimLeft(n, "-")))
	for _, s := range notCredential {
		if strings.HasSuffix(n, s) {
			return false
		}
	}
	for _, w := range credentialWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	for _, s := range credentialSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return n == "KEY" || n == "PASS"
}

// secretValue reports whether a name=value pair holds a secret: a
// credential's name with a value, a live-looking secret the scanner flags,
// or a URL with a password; never a GPG key's fingerprint.
func (r *redactor) secretValue(name, value string) bool {
	switch {
	case value == "":
		return false
	case publicKey(name, value):
		return false
	case credentialName(name):
		return true
	case urlPassword.MatchString(value):
		return true
	}
	return r.live(name + "=" + value)
}

// publicKey reports whether a value is the fingerprints of the GPG keys
// an image checks its downloads with: public, published by the image.
func publicKey(name, value string) bool {
	return strings.Contains(strings.ToUpper(name), "GPG") && fingerprints.MatchString(value)
}

// live reports whether the scanner flags a live-looking secret in s.
func (r *redactor) live(s string) bool {
	if r.scanner == nil {
		return false
	}
	for _, f := range r.scanner.Scan("", []byte(s)) {
		if f.Context.Live() {
			return true
		}
	}
	return false
}

// env redacts one environment variable's value.
func (r *redactor) env(name, value string) (string, bool) {
	if !r.secretValue(name, value) {
		return value, false
	}
	if len(value) >= 4 {
		r.values = append(r.values, value)
	}
	return redacted, true
}

// text redacts the secrets of free text: redacted environment values
// where repeated, name=value pairs that hold secrets, URL passwords; and
// the whole text when the scanner still flags it.
func (r *redactor) text(s string) string {
	if s == "" {
		return s
	}
	for _, v := range r.values {
		s = strings.ReplaceAll(s, v, redacted)
	}
	var public []string // fingerprints kept, which the last check must not see
	s = assignment.ReplaceAllStringFunc(s, func(m string) string {
		name, value, _ := strings.Cut(m, "=")
		value = strings.Trim(value, `"'`)
		switch {
		case r.secretValue(name, value):
			return name + "=" + redacted
		case value != "" && publicKey(name, value):
			public = append(public, value)
		}
		return m
	})
	s = urlPassword.ReplaceAllString(s, "${1}"+redacted+"@")
	probe := s
	for _, v := range public {
		probe = strings.ReplaceAll(probe, v, "")
	}
	if r.live(probe) {
		return redacted
	}
	return s
}

// pair redacts a label's or annotation's value by its key and content.
func (r *redactor) pair(key, value string) string {
	if r.secretValue(key, value) {
		return redacted
	}
	return r.text(value)
}
