package secrets

// Prefilters for the rules whose keywords are on most lines of real code
// (key, token, api, "ey", "s.", test_). Each is a necessary condition of its
// rule's regex, checked at one keyword hit in a few byte comparisons; a
// window where no hit passes cannot match and its regex does not run. Each
// accepts a superset of what the regex matches, so no finding is lost; the
// tests run every rule with and without them on the same corpus.
var prefilters = map[string]func(lower []byte, p, kwLen int) bool{
	"generic-api-key": assignmentAfter,
	"jwt":             jwtAt,
	"vault-service-token": func(lower []byte, p, kwLen int) bool {
		return run(lower, p+kwLen, isTokenByte) >= 24
	},
	// lob's keywords are test_ and live_ (every Python test), its key 35
	// hex digits after them; its publishable key _pub_ and 31 hex digits.
	"lob-api-key": func(lower []byte, p, kwLen int) bool {
		return run(lower, p+kwLen, isHex) >= 35
	},
	"lob-pub-api-key": func(lower []byte, p, kwLen int) bool {
		q := p + kwLen
		return q < len(lower) && lower[q] == '_' && run(lower, q+1, isHex) >= 31
	},
}

// assignmentAfter: generic-api-key needs, after its keyword, at most 23
// name or quote bytes, an operator (= > : | ? ,), then within ten bytes a
// run of at least ten token bytes.
func assignmentAfter(lower []byte, p, kwLen int) bool {
	i := p + kwLen
	for n := 0; i < len(lower) && n <= 23; i, n = i+1, n+1 {
		c := lower[i]
		if isOperator(c) {
			for j := i + 1; j < len(lower) && j <= i+10; j++ {
				if run(lower, j, isValueByte) >= 10 {
					return true
				}
			}
			// The operator may be longer (:=, =>, ||); keep looking.
			continue
		}
		if !isNameByte(c) {
			return false
		}
	}
	return false
}

// jwtAt: "ey", 17 alphanumerics, a dot, "ey".
func jwtAt(lower []byte, p, kwLen int) bool {
	n := run(lower, p+kwLen, isAlnum)
	q := p + kwLen + n
	return n >= 17 && q+2 < len(lower) && lower[q] == '.' && lower[q+1] == 'e' && lower[q+2] == 'y'
}

// run is the length of the run of bytes satisfying ok from i.
func run(b []byte, i int, ok func(byte) bool) int {
	n := 0
	for ; i+n < len(b) && ok(b[i+n]); n++ {
	}
	return n
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isNameByte: [ \t\w.-] and [\s'"] of the regex, between keyword and operator.
func isNameByte(c byte) bool {
	return isAlnum(c) || c == '_' || c == '.' || c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\'' || c == '"'
}

func isOperator(c byte) bool {
	return c == '=' || c == '>' || c == ':' || c == '|' || c == '?' || c == ','
}

// isValueByte covers both secret alternatives: [\w.=-] and [a-z0-9+/].
func isValueByte(c byte) bool {
	return isAlnum(c) || c == '_' || c == '.' || c == '=' || c == '-' || c == '+' || c == '/'
}

func isTokenByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }
