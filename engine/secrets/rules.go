package secrets

import "strings"

// ruleSpec is one detection rule as data. Rules are compiled by New, so the
// package holds no compiled state of its own.
type ruleSpec struct {
	id          string
	description string
	// keywords prefilter the content: the regex runs only on lines that hold
	// one of them. Matching is case-insensitive when fold is set.
	keywords []string
	fold     bool
	// span is how many bytes past the start of a keyword's line a match may
	// reach; 0 means the match ends on that line.
	span    int
	pattern string
	// group is the submatch holding the secret; 0 is the whole match.
	group int
	// entropy is the Shannon entropy, in bits per byte, the secret must
	// exceed: placeholders such as XXXX or 0000 fall below it.
	entropy float64
	// generic marks the catch-all assignment rule: its findings yield to a
	// specific rule's finding on the same text.
	generic bool
	// allow reports whether a secret is a known placeholder or example.
	allow func(secret string) bool
}

// defaultRules is paved's curated rule set: high-signal token formats with
// fixed prefixes, PEM private keys and one generic high-entropy assignment
// rule. Patterns follow gitleaks' default configuration where one exists.
func defaultRules() []ruleSpec {
	return []ruleSpec{
		{
			id:          "aws-access-key-id",
			description: "AWS access key ID",
			keywords:    []string{"AKIA", "ASIA", "ABIA", "ACCA"},
			pattern:     `\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`,
			group:       1,
			entropy:     3,
			allow:       isExample,
		},
		{
			id:          "aws-secret-access-key",
			description: "AWS secret access key",
			keywords:    []string{"secret_access_key", "secretaccesskey", "secret-access-key"},
			fold:        true,
			pattern:     `(?i)secret[_\-]?access[_\-]?key["'\x60]?[ \t]*(?::=|=>|[:=])[ \t]*["'\x60]?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`,
			group:       1,
			entropy:     4,
			allow:       isExample,
		},
		{
			id:          "github-pat",
			description: "GitHub personal access token",
			keywords:    []string{"ghp_"},
			pattern:     `\bghp_[0-9A-Za-z]{36}\b`,
			entropy:     3,
		},
		{
			id:          "github-fine-grained-pat",
			description: "GitHub fine-grained personal access token",
			keywords:    []string{"github_pat_"},
			pattern:     `\bgithub_pat_[0-9A-Za-z_]{82}\b`,
			entropy:     3,
		},
		{
			id:          "github-oauth",
			description: "GitHub OAuth access token",
			keywords:    []string{"gho_"},
			pattern:     `\bgho_[0-9A-Za-z]{36}\b`,
			entropy:     3,
		},
		{
			id:          "github-app-token",
			description: "GitHub App user-to-server or server-to-server token",
			keywords:    []string{"ghu_", "ghs_"},
			pattern:     `\b(?:ghu|ghs)_[0-9A-Za-z]{36}\b`,
			entropy:     3,
		},
		{
			id:          "github-refresh-token",
			description: "GitHub refresh token",
			keywords:    []string{"ghr_"},
			pattern:     `\bghr_[0-9A-Za-z]{36}\b`,
			entropy:     3,
		},
		{
			id:          "gitlab-pat",
			description: "GitLab personal access token",
			keywords:    []string{"glpat-"},
			pattern:     `\bglpat-[0-9A-Za-z_\-]{20,}(?:\.[0-9a-z]{9})?`,
			entropy:     3,
		},
		{
			id:          "slack-token",
			description: "Slack bot, user, app, refresh or workspace token",
			keywords:    []string{"xox"},
			pattern:     `\bxox[baprs]-[0-9]+-[0-9A-Za-z\-]{8,}`,
			entropy:     3,
		},
		{
			id:          "slack-webhook-url",
			description: "Slack incoming webhook URL",
			keywords:    []string{"hooks.slack.com"},
			pattern:     `hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9+/]{43,})`,
			group:       1,
			entropy:     3,
		},
		{
			id:          "gcp-api-key",
			description: "Google Cloud API key",
			keywords:    []string{"AIza"},
			pattern:     `\b(AIza[0-9A-Za-z_\-]{35})(?:[^0-9A-Za-z_\-]|$)`,
			group:       1,
			entropy:     4,
		},
		{
			id:          "stripe-secret-key",
			description: "Stripe secret or restricted API key",
			keywords:    []string{"k_live_", "k_test_", "k_prod_"},
			pattern:     `\b((?:sk|rk)_(?:live|test|prod)_[0-9A-Za-z]{10,})\b`,
			group:       1,
			entropy:     3,
		},
		{
			// A PEM header alone is common in code that parses keys; the rule
			// wants the first line of a key body after it, on a real or an
			// escaped (\n) newline.
			id:          "private-key",
			description: "Private key (PEM or PGP armor)",
			keywords:    []string{"PRIVATE KEY"},
			span:        2048,
			pattern:     `-----BEGIN[ A-Z0-9_\-]*PRIVATE KEY(?: BLOCK)?-----(?:(?:\r?\n|(?:\\r)?\\n)[A-Za-z0-9+/=:,\- \t]*){0,6}?(?:\r?\n|(?:\\r)?\\n)[ \t"']*([A-Za-z0-9+/]{40,})`,
			group:       1,
			entropy:     3.5,
		},
		{
			// The generic rule is anchored: its pattern runs from the end of
			// each keyword, so it costs one anchored match per candidate
			// instead of an unanchored search of every line.
			id:          "generic-secret",
			description: "High-entropy value assigned to a secret-looking name",
			// Every secret-looking name holds one of these; nameRe then
			// checks the whole name, since "key" alone is too broad.
			keywords: []string{"secret", "passw", "pwd", "token", "credential", "key"},
			fold:     true,
			pattern:  `^[A-Za-z0-9_.\-]*["'\x60]?[ \t]*(?::=|=>|[:=])[ \t]*["'\x60]?([0-9A-Za-z+/=_\-.~!@#%^&*]{16,})`,
			group:    1,
			entropy:  3.5,
			generic:  true,
		},
	}
}

// placeholders are words that mark a value as documentation, not a secret.
func placeholders() []string {
	return []string{
		"example", "changeme", "change_me", "placeholder", "dummy", "sample",
		"redacted", "your_", "your-", "xxxxxxxx", "insert", "replace",
	}
}

func isExample(secret string) bool {
	return strings.Contains(strings.ToUpper(secret), "EXAMPLE")
}

const (
	// namePattern is what the name in a generic assignment must hold.
	namePattern        = `(?i)secret|passw(?:or)?d|pwd|token|credential|(?:api|access|auth|private)[_.\-]?key`
	dottedIdentPattern = `^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$`
	envNamePattern     = `^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$`
)

// genericAllowed filters the generic rule's candidates: references to
// variables, paths, placeholders and values without both letters and digits
// (real random secrets nearly always mix them).
func (s *Scanner) genericAllowed(value string, next byte) bool {
	if next == '(' { // a function call, not a literal
		return true
	}
	if value[0] == '/' || value[0] == '.' || strings.Contains(value, "://") {
		return true
	}
	if s.dottedIdent.MatchString(value) || s.envName.MatchString(value) {
		return true
	}
	var letter, digit bool
	for i := 0; i < len(value); i++ {
		c := value[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letter = true
		}
	}
	if !letter || !digit {
		return true
	}
	lower := strings.ToLower(value)
	for _, p := range s.placeholders {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}
