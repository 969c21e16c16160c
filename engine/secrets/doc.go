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
// locate each secret (file, line, column), name the rule and the kind of
// secret, and carry a SHA-256 fingerprint for baselines; a Finding never
// carries the secret or its line, and the package logs nothing, so a report
// cannot leak what it flags.
//
// Each Finding has a Context: whether it looks like a live credential in
// code, or sits in a test, a fixture, documentation or an example (by the
// file's path and the conventions of each language), or has a value that
// cannot be live: a known placeholder (EXAMPLE, changeme, your-token-here,
// AWS's documented example keys), a GitHub token whose CRC32 checksum fails,
// or a key published for testing. Policies block on the first and report the
// rest.
//
// Each rule is prefiltered by literal keywords, so its regular expression
// runs only on the lines around them that a match can reach: the keyword's
// line, the lines before and after for a regex that crosses line breaks
// (an identifier on one line, its value on the next), and the whole file for
// a rule whose match need not hold its keyword, which gitleaks only asks to
// be somewhere in the file. A file with no keyword costs a few bytes.Index
// passes. The true and false positives gitleaks' own generator checks each
// rule against are a test of the scanner and its prefilters
// (testdata/gitleaks-cases.json.gz).
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
