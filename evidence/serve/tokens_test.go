package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewTokenRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	var lines []string
	var toks []string
	for i, r := range []Role{Viewer, Auditor, Admin} {
		tok, line, err := NewToken(r, []string{"v", "a.u", "ad@min"}[i])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok, TokenPrefix) || len(tok) != len(TokenPrefix)+43 || seen[tok] {
			t.Errorf("token %q", tok)
		}
		if strings.Contains(line, tok) || !strings.HasPrefix(line, "sha256:") {
			t.Errorf("line %q holds the token, or no digest", line)
		}
		seen[tok] = true
		lines, toks = append(lines, line), append(toks, tok)
	}
	ts, err := ParseTokens(strings.NewReader("# paved serve tokens\n\n"+strings.Join(lines, "\n")+"\n"), "tokens.txt")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []Identity{{"v", Viewer}, {"a.u", Auditor}, {"ad@min", Admin}} {
		if got, ok := ts.Lookup(toks[i]); !ok || got != want {
			t.Errorf("Lookup(token %d) = %v %v, want %v", i, got, ok, want)
		}
	}
	for _, bad := range []string{"", "paved_", toks[0] + "x", strings.ToUpper(toks[0]), strings.Repeat("a", 10000)} {
		if id, ok := ts.Lookup(bad); ok {
			t.Errorf("Lookup(%.20q) = %v", bad, id)
		}
	}
	if _, _, err := NewToken(RoleNone, "x"); err == nil {
		t.Error("a token with no role")
	}
	if _, _, err := NewToken(Viewer, "two words"); err == nil {
		t.Error("a token named with a space")
	}
}

func TestParseTokensErrors(t *testing.T) {
	_, good, _ := NewToken(Viewer, "alice")
	digest := strings.Fields(good)[0]
	_, other, _ := NewToken(Viewer, "bob")
	otherDigest := strings.Fields(other)[0]
	tok, _, _ := NewToken(Viewer, "x")
	for name, c := range map[string]struct {
		file string
		want []string
	}{
		"empty":       {"# nothing\n\n", []string{"tokens.txt: no tokens"}},
		"fields":      {"# c\n" + digest + " viewer\n", []string{"tokens.txt:2: want 'sha256:<hex digest> ROLE NAME', got 2 fields"}},
		"role":        {digest + " owner alice\n", []string{`tokens.txt:1: role "owner"`}},
		"digest":      {"sha256:abc viewer alice\n", []string{"tokens.txt:1: ", "64 lowercase hex"}},
		"upper hex":   {strings.ToUpper(digest[:7]) + strings.ToUpper(digest[7:]) + " viewer alice\n", []string{"tokens.txt:1:"}},
		"raw token":   {tok + " viewer alice\n", []string{"tokens.txt:1: a token itself", "revoke"}},
		"name":        {digest + " viewer al/ice\n", []string{`tokens.txt:1: name "al/ice"`}},
		"dup digest":  {digest + " viewer alice\n" + digest + " admin bob\n", []string{"tokens.txt:2: the same token as line 1"}},
		"dup name":    {digest + " viewer alice\n" + otherDigest + " admin alice\n", []string{"tokens.txt:2: name alice already given on line 1"}},
		"every error": {"x\n" + digest + " root alice\n" + digest + " viewer alice\n", []string{"tokens.txt:1:", "tokens.txt:2:"}},
	} {
		_, err := ParseTokens(strings.NewReader(c.file), "tokens.txt")
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v; want %q in it", name, err, w)
			}
		}
	}
}

func TestLoadTokensMode(t *testing.T) {
	_, line, _ := NewToken(Admin, "root")
	dir := t.TempDir()
	path := filepath.Join(dir, "tokens")
	if err := os.WriteFile(path, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		mode    os.FileMode
		refused bool
		warned  bool
	}{{0o600, false, false}, {0o400, false, false}, {0o640, false, true}, {0o644, false, true}, {0o620, true, false}, {0o602, true, false}, {0o666, true, false}} {
		if err := os.Chmod(path, c.mode); err != nil {
			t.Fatal(err)
		}
		ts, warnings, err := LoadTokens(path)
		if (err != nil) != c.refused || (len(warnings) > 0) != c.warned {
			t.Errorf("mode %04o: err %v, warnings %v; want refused %v, warned %v", c.mode, err, warnings, c.refused, c.warned)
		}
		if err == nil && ts.Len() != 1 {
			t.Errorf("mode %04o: %d tokens", c.mode, ts.Len())
		}
	}
	if _, _, err := LoadTokens(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file loaded")
	}
	if _, _, err := LoadTokens(dir); err == nil {
		t.Error("a directory loaded")
	}
}

func FuzzParseTokens(f *testing.F) {
	_, line, _ := NewToken(Viewer, "alice")
	for _, s := range []string{line, "# c\n\n" + line + "\n", "sha256: viewer x", "\x00\n\r\n", line + "\n" + line} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := ParseTokens(strings.NewReader(s), "f")
		if err == nil && ts.Len() == 0 {
			t.Fatal("no error and no tokens")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f:") {
			t.Fatalf("error without the file's name: %v", err)
		}
	})
}
