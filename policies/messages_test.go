package policies_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// messageFaults are what a message a person wrote does not contain: an
// article that does not fit the next word, a sentence pasted into another
// ("… encryption. is committed"), placeholders left unexpanded, and loose
// ends. Doubled words are found apart (doubled).
var messageFaults = []struct {
	what string
	re   *regexp.Regexp
}{
	{"\"a\" before a vowel", regexp.MustCompile(`\ba [AEIOaeio][a-z]`)},
	{"a sentence pasted mid-message", regexp.MustCompile(`[a-z]{3,}\. [a-z]{2,}`)},
	{"an unexpanded placeholder", regexp.MustCompile(`%[svdqt]|%!|<nil>|\bundefined\b|map\[`)},
	{"a loose end", regexp.MustCompile(`\s$|\.\.$|,$|:$|\(\s*\)`)},
}

// doubled is the first word written twice in a row ("a a", "the the");
// a word repeated across punctuation ("HEALTHCHECK (HEALTHCHECK NONE …)")
// is not.
func doubled(msg string) string {
	words := strings.Fields(strings.ToLower(msg))
	for i := 1; i < len(words); i++ {
		prev, w := words[i-1], words[i]
		if prev == w && strings.IndexFunc(w, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0 {
			return prev + " " + w
		}
	}
	return ""
}

// denials records every denial a policy's deny rule makes while the tests
// run, by the policy's package.
type denials struct {
	policies map[string]bool // policy packages
	mu       sync.Mutex
	msgs     map[string][]string
}

func (d *denials) Enabled() bool               { return true }
func (d *denials) Config() topdown.TraceConfig { return topdown.TraceConfig{} }
func (d *denials) TraceEvent(ev topdown.Event) {
	if ev.Op != topdown.ExitOp {
		return
	}
	r, ok := ev.Node.(*ast.Rule)
	if !ok || r.Module == nil || r.Head.Key == nil || r.Head.Name.String() != "deny" {
		return
	}
	pkg := r.Module.Package.Path.String()
	if !d.policies[pkg] {
		return
	}
	var msg string
	switch v := ev.Plug(r.Head.Key).Value.(type) {
	case ast.String:
		msg = string(v)
	case ast.Object:
		if m := v.Get(ast.StringTerm("msg")); m != nil {
			if s, ok := m.Value.(ast.String); ok {
				msg = string(s)
			} else {
				return // not ground here: a partial evaluation
			}
		}
	default:
		return
	}
	d.mu.Lock()
	d.msgs[pkg] = append(d.msgs[pkg], msg)
	d.mu.Unlock()
}

// Every built-in policy's failing test cases deny with messages that read
// as a sentence about the resource: the denials the policies make while
// their tests run are recorded, and checked for the faults above.
func TestMessagesReadAsSentences(t *testing.T) {
	ps := loadBuiltin(t)
	mods, err := ps.Modules()
	if err != nil {
		t.Fatal(err)
	}
	d := &denials{policies: map[string]bool{}, msgs: map[string][]string{}}
	idOf := map[string]string{}
	for _, p := range ps.Policies {
		if m := mods[p.File]; m != nil {
			pkg := m.Package.Path.String()
			d.policies[pkg], idOf[pkg] = true, p.ID
		}
	}
	ch, err := tester.NewRunner().SetModules(mods).SetStore(inmem.New()).SetCoverageQueryTracer(d).
		RaiseBuiltinErrors(true).RunTests(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for r := range ch {
		if !r.Pass() {
			t.Errorf("%s.%s failed", r.Package, r.Name)
		}
	}
	for pkg, id := range idOf {
		msgs := d.msgs[pkg]
		if len(msgs) == 0 {
			t.Errorf("%s: no test case denies, so no message could be read", id)
			continue
		}
		seen := map[string]bool{}
		for _, m := range msgs {
			if seen[m] {
				continue
			}
			seen[m] = true
			if strings.TrimSpace(m) == "" {
				t.Errorf("%s: an empty message", id)
				continue
			}
			if w := doubled(m); w != "" {
				t.Errorf("%s: a doubled word (%q) in %q", id, w, m)
			}
			for _, f := range messageFaults {
				if loc := f.re.FindStringIndex(m); loc != nil {
					t.Errorf("%s: %s (%q) in %q", id, f.what, m[loc[0]:loc[1]], m)
				}
			}
		}
	}
}

// The checks catch what users saw, and pass what a person writes.
func TestMessageFaults(t *testing.T) {
	faulty := func(m string) bool {
		if doubled(m) != "" {
			return true
		}
		for _, f := range messageFaults {
			if f.re.MatchString(m) {
				return true
			}
		}
		return false
	}
	for _, bad := range []string{
		"key.pem: a Identified a Private Key, which may compromise cryptographic security and sensitive data encryption. is committed (rule private-key)",
		"bucket %s has no encryption",
		"the the bucket is public",
		"owner is <nil>",
		"bucket logs has no tags: ",
	} {
		if !faulty(bad) {
			t.Errorf("not caught: %q", bad)
		}
	}
	for _, good := range []string{
		"EBS volume aws_ebs_volume.v is not encrypted",
		"The final stage (stage[1]) declares no HEALTHCHECK (HEALTHCHECK NONE records that none is wanted)",
		"job greet interpolates ${{ github.head_ref }} into a run script",
		"Module module.net pins git source github.com/acme/net?ref=live to the branch live, which moves; use a tag or a commit SHA",
		"an unencrypted volume, e.g. the root one",
	} {
		if faulty(good) {
			t.Errorf("flagged: %q", good)
		}
	}
}
