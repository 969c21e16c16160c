package secrets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"hash/crc32"
	"strings"

	"github.com/paved-dev/paved/engine/pathctx"
)

// Context is what a finding's place and value say about it: whether it
// looks like a live credential in code, or sits where test data, examples
// and documentation live, or has a value that cannot be live. Policies
// block on the first and report the rest.
type Context string

const (
	// ContextCode: nothing marks the secret as anything but live.
	ContextCode Context = "code"
	// ContextTest: a test source file (*_test.go, test_*.py, *.spec.ts…)
	// or a file under a test directory (test/, tests/, src/test/…).
	ContextTest Context = "test"
	// ContextFixture: test data (testdata/, fixtures/, __fixtures__/…).
	ContextFixture Context = "fixture"
	// ContextDocs: documentation (*.md, *.rst, *.adoc, docs/…).
	ContextDocs Context = "docs"
	// ContextExample: examples and samples (examples/, samples/,
	// .env.example, config.sample.yaml…).
	ContextExample Context = "example"
	// ContextPlaceholder: the value is a known placeholder (EXAMPLE,
	// changeme, your-token-here, xxxx, <token>, ${VAR}…), AWS's documented
	// example keys among them.
	ContextPlaceholder Context = "placeholder"
	// ContextInvalidChecksum: the format carries a checksum and it does not
	// match, so the service would reject the value (GitHub's ghp_, gho_,
	// ghu_, ghs_ and ghr_ tokens).
	ContextInvalidChecksum Context = "invalid-checksum"
	// ContextTestVector: a key published for anyone to test with (RFC
	// 9500's test keys, Go's httptest certificate key, jwt.io's sample).
	ContextTestVector Context = "test-vector"
	// ContextAllowed: the lines of the match carry gitleaks' inline
	// "gitleaks:allow" marker, or the repository's .gitleaks.toml
	// allowlists it, or its .gitleaksignore lists it (RepoConfig); gitleaks
	// drops such a finding: someone has looked at it and said it may stay.
	ContextAllowed Context = "allowed"
)

// Live reports whether a finding in this context is to be treated as a
// live credential.
func (c Context) Live() bool { return c == ContextCode }

// classify decides a finding's context: its value first (a value that
// cannot be live says more than where it sits), then its path. reason is
// the evidence, a phrase a message can quote: "in a Go test file
// (*_test.go)", "under testdata/, where test data lives", "the value is
// AWS's documented example key"; "" for code.
func (s *Scanner) classify(file string, secret, lines []byte) (Context, string) {
	if name, ok := s.testVectors[vectorDigest(secret)]; ok {
		return ContextTestVector, "the value is " + name
	}
	if isGitHubToken(secret) && !githubChecksumOK(secret) {
		return ContextInvalidChecksum, "its checksum (the last six characters) does not match, so GitHub would reject it"
	}
	if p := s.placeholder(secret); p != "" {
		return ContextPlaceholder, p
	}
	if bytes.Contains(lines, []byte("gitleaks:allow")) {
		return ContextAllowed, "its line carries gitleaks' gitleaks:allow marker"
	}
	return pathContext(file)
}

// placeholder names the placeholder a secret holds, or "".
func (s *Scanner) placeholder(secret []byte) string {
	lower := strings.ToLower(string(secret))
	if strings.Contains(lower, "example") && (strings.HasPrefix(lower, "akia") || strings.HasSuffix(lower, "examplekey")) {
		return "the value is AWS's documented example key"
	}
	for _, p := range s.placeholders {
		if strings.Contains(lower, p) {
			return `the value holds the placeholder "` + p + `"`
		}
	}
	switch {
	case strings.HasPrefix(lower, "<") && strings.HasSuffix(lower, ">"):
		return "the value is a <placeholder> in angle brackets"
	case strings.Contains(lower, "${") || strings.Contains(lower, "{{"):
		return "the value is a variable reference"
	}
	return ""
}

// pathContext classifies a file by where it sits in the repository.
func pathContext(file string) (Context, string) {
	c, why := pathctx.Of(file)
	return Context(c), why
}

// isGitHubToken: a classic GitHub token, ghp_/gho_/ghu_/ghs_/ghr_ and 36
// base62 characters.
func isGitHubToken(b []byte) bool {
	if len(b) != 40 || b[0] != 'g' || b[1] != 'h' || b[3] != '_' || !bytes.ContainsRune([]byte("pousr"), rune(b[2])) {
		return false
	}
	for _, c := range b[4:] {
		if base62Digit(c) < 0 {
			return false
		}
	}
	return true
}

// githubChecksumOK checks a classic GitHub token's checksum: its last six
// characters are the CRC32 (IEEE) of the 30 before them, in base62
// (0-9A-Za-z), left-padded with zeros.
func githubChecksumOK(token []byte) bool {
	body, sum := token[4:34], token[34:40]
	var n uint64
	for _, c := range sum {
		n = n*62 + uint64(base62Digit(c))
	}
	return n == uint64(crc32.ChecksumIEEE(body))
}

func base62Digit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 36
	}
	return -1
}

// vectorDigest is the hex SHA-256 that names a published test key: of a
// PEM private key's base64 body (headers, line breaks, escaped \n and
// quotes dropped, so a key pasted into a string literal is the same key),
// of any other value as it is.
func vectorDigest(secret []byte) string {
	if i := bytes.Index(secret, []byte("PRIVATE KEY")); i >= 0 {
		body := secret[i:]
		if j := bytes.Index(body, []byte("-----")); j >= 0 {
			body = body[j+5:]
		}
		if j := bytes.Index(body, []byte("-----END")); j >= 0 {
			body = body[:j]
		}
		body = bytes.ReplaceAll(body, []byte(`\n`), nil)
		body = bytes.ReplaceAll(body, []byte(`\r`), nil)
		clean := make([]byte, 0, len(body))
		for _, c := range body {
			if base62Digit(c) >= 0 || c == '+' || c == '/' || c == '=' {
				clean = append(clean, c)
			}
		}
		secret = clean
	}
	sum := sha256.Sum256(secret)
	return hex.EncodeToString(sum[:])
}

// testVectors are keys published for anyone to test with, by the digest of
// vectorDigest. Whoever holds the repository holds nothing the world does
// not.
func testVectors() map[string]string {
	return map[string]string{
		// RFC 9500, section 2.1 (testRSA2048); Go quotes it in crypto/rsa's examples.
		"dd2839ea906d948237348cefbb5fe595b2613f2d38339989aa52bbc39a129cb9": "RFC 9500's published test RSA key (testRSA2048)",
		// net/http/internal/testcert: the key of httptest's localhost certificate.
		"cb09f046e54aa7184ee42b82fff7650de4e95363ec03a0c671280a15aaf4a0bf": "the key of Go's httptest localhost certificate, published in Go's source",
		// The sample token on jwt.io, signed with the secret "your-256-bit-secret".
		"7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606": "jwt.io's sample token, signed with a published secret",
	}
}
