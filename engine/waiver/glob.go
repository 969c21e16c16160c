package waiver

import "github.com/paved-dev/paved/engine"

// Match reports whether s matches a glob where * matches any run of
// characters but '/', ** any run at all (**/ also none: **/Dockerfile
// matches Dockerfile), and ? one character. There are no
// character classes: Terraform addresses are full of brackets
// (aws_s3_bucket.b["logs"]) that must match themselves.
func Match(pattern, s string) bool {
	for len(pattern) > 0 {
		switch {
		case len(pattern) >= 3 && pattern[:3] == "**/" && Match(pattern[3:], s):
			return true // **/ also matches no directory at all, as in .gitignore
		case len(pattern) >= 2 && pattern[:2] == "**":
			rest := pattern[2:]
			for i := 0; i <= len(s); i++ {
				if Match(rest, s[i:]) {
					return true
				}
			}
			return false
		case pattern[0] == '*':
			rest := pattern[1:]
			for i := 0; i <= len(s); i++ {
				if Match(rest, s[i:]) {
					return true
				}
				if i < len(s) && s[i] == '/' {
					return false
				}
			}
			return false
		case len(s) == 0:
			return false
		case pattern[0] == '?' || pattern[0] == s[0]:
			pattern, s = pattern[1:], s[1:]
		default:
			return false
		}
	}
	return len(s) == 0
}

// matchAny is match with "" matching everything.
func matchAny(pattern, s string) bool { return pattern == "" || Match(pattern, s) }

// matchTarget says whether a waiver's target glob names t: "", "*" and
// "**" name every target; otherwise the glob matches the target's path in
// its repository (engine.Identity; an SBOM's main component) or the path it
// was checked under.
func matchTarget(pattern string, t *engine.TargetRef) bool {
	switch pattern {
	case "", "*", "**":
		return true
	}
	return Match(pattern, t.Path) || Match(pattern, t.ID)
}
