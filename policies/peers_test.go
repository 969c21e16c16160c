package policies_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/check"
)

// TestPeerExamples holds the promise of `related`: a peer check named there
// gives the same verdicts as the policy. testdata/peers/TOOL/ID/{pass,fail}/CASE
// are the peers' own good and bad examples (Trivy's examples files,
// Checkov's test resources) or, where the peer's are not ours to copy
// (hadolint's spec is GPL), cases written after them. Every policy that
// names ID in `related` must pass every pass case and fail (or warn on)
// every fail case. A case whose directory holds a DIFFERS file is one where
// paved deliberately judges the other way; the file says why, the policy's
// description says so too, and the test holds paved to its own verdict.
//
// TOOL/ID/resources/CASE holds one configuration with many resources, as
// Checkov's tests do, and an EXPECT file of lines "pass ADDRESS" or "fail
// ADDRESS", the peer's verdict on each; "ADDRESS differs: REASON" after the
// verdict flips the verdict paved must give.
func TestPeerExamples(t *testing.T) {
	root := filepath.Join("testdata", "peers")
	if _, err := os.Stat(root); err != nil {
		t.Fatalf("peer examples: %v", err)
	}
	ctx := context.Background()
	pol, err := check.LoadPolicies(ctx, check.PolicyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byPeer := map[string][]*engine.Policy{}
	for _, p := range pol.Set.Policies {
		for _, id := range p.Related {
			byPeer[id] = append(byPeer[id], p)
		}
	}
	cases, err := filepath.Glob(filepath.Join(root, "*", "*", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("no peer examples under %s", root)
	}
	for _, dir := range cases {
		rel, _ := filepath.Rel(root, dir)
		parts := strings.Split(filepath.ToSlash(rel), "/") // tool, id, pass|fail, case
		id, group := parts[1], parts[2]
		if group != "pass" && group != "fail" && group != "resources" {
			t.Errorf("%s: cases sit under pass/, fail/ or resources/, not %s/", rel, group)
			continue
		}
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			ps := byPeer[id]
			if len(ps) == 0 {
				t.Fatalf("no built-in policy names %s in related; move the examples out with the id", id)
			}
			expect := readExpect(t, dir, group)
			rep, err := check.Judge(ctx, pol.Set, check.Options{Paths: []string{dir}, Data: pol.Params})
			if err != nil {
				t.Fatalf("judge %s: %v", rel, err)
			}
			for _, p := range ps {
				for _, e := range expect {
					var failed []string
					judged := false
					for _, r := range rep.Results {
						if r.Policy.ID != p.ID || e.address != "" && r.Resource != e.address {
							continue
						}
						judged = true
						if r.Status == engine.StatusFail || r.Status == engine.StatusWarn {
							failed = append(failed, r.Resource+": "+r.Message)
						}
					}
					what := "the peer's " + map[bool]string{true: "failing", false: "passing"}[e.peerFails] + " example"
					if e.address != "" {
						what += " " + e.address
					}
					if e.differs != "" {
						what += " (deliberately: " + e.differs + ")"
					}
					switch {
					case e.address != "" && !judged:
						t.Errorf("%s (%s) never judged %s: is the address right?", p.ID, id, e.address)
					case e.pavedFails() && len(failed) == 0:
						t.Errorf("%s (%s) passes %s (judged: %v)", p.ID, id, what, judged)
					case !e.pavedFails() && len(failed) > 0:
						t.Errorf("%s (%s) fails %s:\n  %s", p.ID, id, what, strings.Join(failed, "\n  "))
					}
				}
			}
		})
	}
	// Every related peer id of a kind the examples cover has examples, so a
	// new related id cannot skip the comparison.
	covered := map[string]bool{}
	for _, c := range cases {
		rel, _ := filepath.Rel(root, c)
		covered[strings.Split(filepath.ToSlash(rel), "/")[1]] = true
	}
	var missing []string
	for id := range byPeer {
		if examplesExpected(id) && !covered[id] {
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("related ids without peer examples under %s (add the peer's examples, or move the id to see_also): %s",
			root, strings.Join(missing, ", "))
	}
}

// examplesExpected reports whether a peer id is one whose examples the test
// compares: Trivy (AVD-…), Checkov (CKV_…, CKV2_…) and hadolint (DL…) ids.
func examplesExpected(id string) bool {
	return strings.HasPrefix(id, "AVD-") || strings.HasPrefix(id, "CKV") || strings.HasPrefix(id, "DL")
}

// expectation is the peer's verdict on one example: the whole case, or
// one resource of it.
type expectation struct {
	address   string // "" for the whole case
	peerFails bool
	differs   string // why paved judges the other way; "" when it agrees
}

func (e expectation) pavedFails() bool { return e.peerFails != (e.differs != "") }

// readExpect reads a case's expectations: from its group (pass/, fail/,
// and a DIFFERS file) or, under resources/, from its EXPECT file.
func readExpect(t *testing.T, dir, group string) []expectation {
	t.Helper()
	if group != "resources" {
		e := expectation{peerFails: group == "fail"}
		b, err := os.ReadFile(filepath.Join(dir, "DIFFERS"))
		switch {
		case err == nil:
			if e.differs = strings.TrimSpace(string(b)); e.differs == "" {
				t.Fatal("DIFFERS must say why paved judges differently")
			}
		case !os.IsNotExist(err):
			t.Fatal(err)
		}
		return []expectation{e}
	}
	b, err := os.ReadFile(filepath.Join(dir, "EXPECT"))
	if err != nil {
		t.Fatal(err)
	}
	var out []expectation
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verdict, rest, _ := strings.Cut(line, " ")
		address, differs, flipped := strings.Cut(strings.TrimSpace(rest), " differs:")
		e := expectation{address: strings.TrimSpace(address), peerFails: verdict == "fail", differs: strings.TrimSpace(differs)}
		if verdict != "pass" && verdict != "fail" || e.address == "" || flipped && e.differs == "" {
			t.Fatalf("EXPECT:%d: want \"pass|fail ADDRESS [differs: REASON]\", got %q", n+1, line)
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		t.Fatal("EXPECT lists no resource")
	}
	return out
}
