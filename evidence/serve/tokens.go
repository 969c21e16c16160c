package serve

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// Role is what a token may see. Each role sees what the one before it
// does, and more.
type Role int

const (
	// RoleNone is no role: an anonymous request.
	RoleNone Role = iota
	// Viewer sees the dashboard, the KPI API and /metrics.
	Viewer
	// Auditor also sees findings with their waivers, and runs with their
	// evidence bundles.
	Auditor
	// Admin also sees the store's own facts and the tokens loaded.
	Admin
)

var roleNames = map[Role]string{RoleNone: "none", Viewer: "viewer", Auditor: "auditor", Admin: "admin"}

func (r Role) String() string { return roleNames[r] }

// ParseRole reads a role's name: viewer, auditor or admin.
func ParseRole(s string) (Role, error) {
	for r, name := range roleNames {
		if r != RoleNone && name == s {
			return r, nil
		}
	}
	return RoleNone, fmt.Errorf("role %q: want viewer, auditor or admin", s)
}

// ErrNoTokens is the error of a tokens file with no token in it, and of a
// server given none: nobody could sign in.
var ErrNoTokens = errors.New("no tokens")

// Identity is who a token belongs to: the name and role its line in the
// tokens file gives.
type Identity struct {
	Name string
	Role Role
}

type tokenEntry struct {
	hash [sha256.Size]byte
	Identity
}

// Tokens are the tokens that may use the server, by hash: the file holds
// no token itself, only its SHA-256, so reading it grants nothing.
type Tokens struct {
	entries []tokenEntry
}

// Len is the number of tokens.
func (t *Tokens) Len() int { return len(t.entries) }

// Identities are the tokens' owners, in file order (for the admin page;
// no hash).
func (t *Tokens) Identities() []Identity {
	out := make([]Identity, len(t.entries))
	for i, e := range t.entries {
		out[i] = e.Identity
	}
	return out
}

// Lookup is the identity of a presented token. The token's hash is
// compared with every entry's in constant time, all of them every time:
// neither the timing nor the position of a match tells anything.
func (t *Tokens) Lookup(token string) (Identity, bool) {
	if t == nil || token == "" || len(token) > maxTokenLen {
		return Identity{}, false
	}
	h := sha256.Sum256([]byte(token))
	found := -1
	for i := range t.entries {
		if subtle.ConstantTimeCompare(h[:], t.entries[i].hash[:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return Identity{}, false
	}
	return t.entries[found].Identity, true
}

// maxTokenLen bounds a presented token: anything longer is no token of
// ours, and not worth hashing.
const maxTokenLen = 256

// TokenPrefix starts every token NewToken makes, so a token found in a
// log or a paste says what it is.
const TokenPrefix = "paved_"

// NewToken makes a random token (256 bits) and the tokens-file line that
// admits it with role r under name.
func NewToken(r Role, name string) (token, line string, err error) {
	if r == RoleNone {
		return "", "", errors.New("a token needs a role: viewer, auditor or admin")
	}
	if !tokenName.MatchString(name) {
		return "", "", fmt.Errorf("name %q: want 1-64 letters, digits or . _ @ + -", name)
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", err
	}
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	h := sha256.Sum256([]byte(token))
	return token, fmt.Sprintf("sha256:%s %s %s", hex.EncodeToString(h[:]), r, name), nil
}

var (
	tokenName = regexp.MustCompile(`^[A-Za-z0-9._@+-]{1,64}$`)
	tokenHash = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
)

// ParseTokens reads a tokens file: one token a line,
//
//	sha256:<64 lowercase hex digits> <role> <name>
//
// where the digest is the SHA-256 of the token, role is viewer, auditor or
// admin, and name says whose it is (letters, digits, . _ @ + -; unique).
// Blank lines and lines starting with # are skipped. Every line at fault
// is reported, as file:line: what is wrong; a file with no token is an
// error (nobody could get in).
func ParseTokens(r io.Reader, file string) (*Tokens, error) {
	var t Tokens
	var errs []error
	hashes, names := map[[sha256.Size]byte]int{}, map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 64*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		bad := func(format string, a ...any) {
			errs = append(errs, fmt.Errorf("%s:%d: %s", file, n, fmt.Sprintf(format, a...)))
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			bad("want 'sha256:<hex digest> ROLE NAME', got %d fields ('paved serve token' writes a line)", len(f))
			continue
		}
		if !tokenHash.MatchString(f[0]) {
			if strings.HasPrefix(f[0], TokenPrefix) {
				bad("a token itself, not its digest: the file holds only sha256:<hex> digests ('paved serve token' writes a line); revoke this token, it is exposed")
			} else {
				bad("%.20q: want sha256: and 64 lowercase hex digits", f[0])
			}
			continue
		}
		role, err := ParseRole(f[1])
		if err != nil {
			bad("%v", err)
			continue
		}
		if !tokenName.MatchString(f[2]) {
			bad("name %.70q: want 1-64 letters, digits or . _ @ + -", f[2])
			continue
		}
		var e tokenEntry
		hex.Decode(e.hash[:], []byte(f[0][len("sha256:"):]))
		e.Identity = Identity{Name: f[2], Role: role}
		if prev, ok := hashes[e.hash]; ok {
			bad("the same token as line %d", prev)
			continue
		}
		if prev, ok := names[e.Name]; ok {
			bad("name %s already given on line %d", e.Name, prev)
			continue
		}
		hashes[e.hash], names[e.Name] = n, n
		t.entries = append(t.entries, e)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s:%d: %w", file, n+1, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(t.entries) == 0 {
		return nil, fmt.Errorf("%s: %w: nobody could sign in ('paved serve token' makes one)", file, ErrNoTokens)
	}
	return &t, nil
}

// LoadTokens reads the tokens file at path. A file others may write is
// refused (anyone who can add a line can make themselves admin); one
// others may read is loaded, with a warning (the digests do not reveal
// the tokens, but they need not be shared either).
func LoadTokens(path string) (t *Tokens, warnings []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("tokens: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("tokens: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("tokens: %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return nil, nil, fmt.Errorf("tokens: %s is writable by others (mode %04o): anyone who can add a line can grant themselves admin; chmod 600 it", path, perm)
	} else if perm&0o044 != 0 {
		warnings = append(warnings, fmt.Sprintf("tokens: %s is readable by others (mode %04o); chmod 600 it", path, perm))
	}
	t, err = ParseTokens(io.LimitReader(f, 1<<20), path)
	return t, warnings, err
}
