// Package secrets finds credentials committed to a repository: cloud and
// forge tokens, private keys and high-entropy values assigned to
// secret-looking names.
//
// New decodes gitleaks' maintained default rule set (v8.30.1, MIT, embedded
// as gitleaks-rules.json by scripts/gen-secret-rules.py); each rule's regular expression is
// compiled on the first Scan that meets one of its keywords, so a pre-commit
// run over a few files pays only for the rules they could match. The Scanner
// is safe for concurrent use and shared by the goroutines that scan a
// repository's files. Scan takes one file's content and returns Findings that
// locate each secret (file, line, column) and name the rule, with a SHA-256
// fingerprint for baselines; a Finding never carries the secret or its line,
// and the package logs nothing, so a report cannot leak what it flags.
//
// Each rule is prefiltered by literal keywords, so its regular expression runs
// only on the lines that could match; a file with no keyword costs a few
// bytes.Index passes. Placeholders (AKIA followed by X's, AWS's documented
// EXAMPLE keys, "changeme", variable references) are dropped by entropy
// thresholds and allowlists.
//
// Rules honour gitleaks' keywords, secretGroup, entropy, path and
// allowlists, and its global allowlist (go.sum, lock files, vendored code are
// skipped); rules Go's regexp cannot compile and path-only rules are skipped.
// gitleaks is not imported: its package initialisation and the compilation
// of its full rule set would both be paid by every run, beyond paved's
// pre-commit budget. The package does not
// walk directories or read files: the repository loader hands it content it
// has already read within its size limits.
package secrets
