package chain

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/bundle"
	"github.com/paved-dev/paved/evidence/runenv"
	"github.com/paved-dev/paved/internal/when"
)

// Four bundles, each recording the one before, verify as one intact
// chain that starts at the first and ends at the last's digest.
func TestChainIntact(t *testing.T) {
	dir := t.TempDir()
	names, digests := writeChain(t, dir, testScope, 4)
	rep := verifyDirChain(t, dir, Options{})
	if !rep.Intact || rep.Bundles != 4 || len(rep.Failed) != 0 || !rep.SignatureVerified {
		t.Fatalf("report %+v", rep)
	}
	s := scopeOf(t, rep, testScope)
	if len(s.Runs) != 4 || !s.Starts || s.Follows != nil || len(s.Problems) != 0 {
		t.Fatalf("scope %+v", s)
	}
	for i, r := range s.Runs {
		if r.Name != names[i] || r.Digest != digests[i] || r.RunID == "" || !r.SignatureVerified {
			t.Errorf("run %d: %+v, want %s %s", i, r, names[i], digests[i])
		}
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"evidence chain " + dir + ": intact", "chain intact", "4 of the scope's 4 bundles", digests[3], "starts the chain", "verified with test.pub"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text does not say %q:\n%s", want, text.String())
		}
	}
}

// A bundle removed from the middle leaves its successor pointing at a
// digest nobody holds: the gap is named by the bundles around it.
func TestChainMissingMiddle(t *testing.T) {
	dir := t.TempDir()
	names, _ := writeChain(t, dir, testScope, 4)
	if err := os.RemoveAll(filepath.Join(dir, names[1])); err != nil {
		t.Fatal(err)
	}
	rep := verifyDirChain(t, dir, Options{})
	wantProblem(t, rep, testScope, "a bundle is missing between", "b1 (run run-b1, 2030-01-01T12:00:00Z)", "b3 (run run-b3, 2030-01-03T12:00:00Z)")
}

// A bundle changed in any way fails with its name; its successor's link
// then names it as the missing one. Signed by another key, it fails too.
func TestChainAltered(t *testing.T) {
	dir := t.TempDir()
	names, _ := writeChain(t, dir, testScope, 4)
	report := filepath.Join(dir, names[2], bundle.ReportFile)
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(report, append([]byte(" "), b...), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := verifyDirChain(t, dir, Options{})
	if rep.Intact || len(rep.Failed) != 1 || rep.Failed[0].Name != names[2] || rep.Failed[0].Problems[0].File != bundle.ReportFile {
		t.Fatalf("failed %+v, want %s named for its report", rep.Failed, names[2])
	}
	wantProblem(t, rep, testScope, "a bundle is missing between", "b2.tar.gz", "b4.tar.gz", "(b3 claims that digest, and does not verify)")

	// A byte changed in an archive breaks its gzip stream or its tar: it
	// cannot be read, and fails all the same.
	tgz := filepath.Join(dir, names[1])
	raw, err := os.ReadFile(tgz)
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)/2] ^= 0x20
	if err := os.WriteFile(tgz, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	rep = verifyDirChain(t, dir, Options{})
	if len(rep.Failed) != 2 || rep.Failed[0].Name != names[1] {
		t.Fatalf("failed %+v, want %s and %s", rep.Failed, names[1], names[2])
	}

	// Another key signed none of them.
	clean := t.TempDir()
	writeChain(t, clean, testScope, 2)
	other := bundle.VerifyOptions{Verifier: otherVerifier(t), KeyName: "other.pub"}
	rep = verifyDirChain(t, clean, Options{Verify: other})
	if rep.Intact || len(rep.Failed) != 2 || !strings.Contains(rep.Failed[0].Problems[0].Reason, "does not verify with other.pub") {
		t.Fatalf("another key: %+v", rep.Failed)
	}
}

// Two bundles that follow the same one are a fork.
func TestChainFork(t *testing.T) {
	dir := t.TempDir()
	_, digests := writeChain(t, dir, testScope, 2)
	writeRun(t, dir, run{name: "b3", scope: testScope, at: day(3), prev: digests[1]})
	writeRun(t, dir, run{name: "b3-other", scope: testScope, at: day(3).Add(time.Hour), prev: digests[1]})
	rep := verifyDirChain(t, dir, Options{})
	wantProblem(t, rep, testScope, "fork:", "b3 (run run-b3,", "b3-other (run run-b3-other,", "both follow b2.tar.gz")
}

// A period's first run must follow a bundle that is there (before the
// period) or start the chain; runs outside the period are not its
// concern; a run in the period that starts a chain again breaks it.
func TestChainPeriod(t *testing.T) {
	dir := t.TempDir()
	names, digests := writeChain(t, dir, testScope, 4)
	from, _ := when.Parse("2030-01-03", false)
	to, _ := when.Parse("2030-01-03", true)

	rep := verifyDirChain(t, dir, Options{Period: Period{From: from}})
	s := scopeOf(t, rep, testScope)
	if !rep.Intact || len(s.Runs) != 2 || s.Starts || s.Follows == nil || s.Follows.Digest != digests[1] || s.Runs[0].Name != names[2] {
		t.Fatalf("from day 3: %+v", s)
	}
	rep = verifyDirChain(t, dir, Options{Period: Period{From: from, To: to}})
	if s := scopeOf(t, rep, testScope); !rep.Intact || len(s.Runs) != 1 || s.Runs[0].Name != names[2] || s.Follows.Name != names[1] {
		t.Fatalf("day 3 alone: %+v", s)
	}
	rep = verifyDirChain(t, dir, Options{Period: Period{From: day(10)}})
	if s := scopeOf(t, rep, testScope); !rep.Intact || len(s.Runs) != 0 || !strings.Contains(strings.Join(s.Notes, ""), "no run in the period") {
		t.Fatalf("a period without runs: %+v", s)
	}

	// The bundle before the period gone, the first run links to nothing
	// the location holds; a period that starts later does not need it.
	if err := os.RemoveAll(filepath.Join(dir, names[1])); err != nil {
		t.Fatal(err)
	}
	rep = verifyDirChain(t, dir, Options{Period: Period{From: from}})
	wantProblem(t, rep, testScope, "a bundle is missing between b1 (run run-b1", "and b3 (run run-b3")
	if rep := verifyDirChain(t, dir, Options{Period: Period{From: day(4)}}); !rep.Intact {
		t.Errorf("from day 4: %+v", rep.Scopes)
	}
	// With nothing before the period in the location, the first run's
	// predecessor is missing all the same.
	if err := os.RemoveAll(filepath.Join(dir, names[0])); err != nil {
		t.Fatal(err)
	}
	rep = verifyDirChain(t, dir, Options{Period: Period{From: from}})
	wantProblem(t, rep, testScope, "a bundle is missing before b3 (run run-b3", digests[1])

	// A restart breaks the chain, at the period's start too: runs
	// removed between b2 and b3 would otherwise go unnoticed.
	dir = t.TempDir()
	_, digests = writeChain(t, dir, testScope, 2)
	writeRun(t, dir, run{name: "b3", scope: testScope, at: day(3)})
	writeRun(t, dir, run{name: "b4", scope: testScope, at: day(4), prev: digests[1]})
	rep = verifyDirChain(t, dir, Options{})
	wantProblem(t, rep, testScope, "b3 (run run-b3", "starts a new chain after b2.tar.gz")
	rep = verifyDirChain(t, dir, Options{Period: Period{From: day(3), To: day(3)}})
	wantProblem(t, rep, testScope, "b3 (run run-b3", "starts a new chain after b2.tar.gz")
	if s := scopeOf(t, rep, testScope); s.Starts || s.Follows != nil {
		t.Errorf("a restart at the period's start: %+v", s)
	}
}

// Scopes chain apart; --scope checks one; the same bundle twice counts
// once; a bundle that links out of order is named.
func TestChainScopes(t *testing.T) {
	dir := t.TempDir()
	writeChain(t, dir, testScope, 3)
	prev := ""
	for i := 1; i <= 3; i++ {
		prev = writeRun(t, dir, run{name: "fleet-" + string(rune('0'+i)), scope: "fleet:prod", at: day(i).Add(time.Minute), prev: prev})
	}
	writeRun(t, dir, run{name: "alone", at: day(2)})
	rep := verifyDirChain(t, dir, Options{})
	if !rep.Intact || len(rep.Scopes) != 3 || rep.Bundles != 7 {
		t.Fatalf("three scopes: %+v", rep)
	}
	if s := scopeOf(t, rep, ""); len(s.Runs) != 1 || !s.Starts {
		t.Errorf("the scope of runs without one: %+v", s)
	}
	only := "fleet:prod"
	rep = verifyDirChain(t, dir, Options{Scope: &only})
	if !rep.Intact || len(rep.Scopes) != 1 || len(rep.Scopes[0].Runs) != 3 {
		t.Fatalf("--scope fleet:prod: %+v", rep.Scopes)
	}
	none := "nobody"
	if rep := verifyDirChain(t, dir, Options{Scope: &none}); rep.Intact || len(rep.Problems) != 1 {
		t.Errorf("a scope with no bundle: %+v", rep)
	}

	// A copy of a bundle beside it is the same
	// bundle, not a fork.
	dup := t.TempDir()
	names, digests := writeChain(t, dup, testScope, 2)
	copyDir(t, filepath.Join(dup, names[0]), filepath.Join(dup, "b1-copy"))
	rep = verifyDirChain(t, dup, Options{})
	if s := scopeOf(t, rep, testScope); !rep.Intact || len(s.Runs) != 2 || len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "the same bundle") {
		t.Errorf("a bundle twice: %+v", s)
	}

	// b3 names b1 though b2 came between.
	writeRun(t, dup, run{name: "b3", scope: testScope, at: day(3), prev: digests[0]})
	rep = verifyDirChain(t, dup, Options{})
	wantProblem(t, rep, testScope, "fork:")
	writeRun(t, dup, run{name: "b0", scope: testScope, at: day(0), prev: digests[1]})
	rep = verifyDirChain(t, dup, Options{Period: Period{To: day(1)}})
	wantProblem(t, rep, testScope, "b0 (run run-b0", "links to b2.tar.gz", "which finished after it")
}

// What is not a chain's location is refused; an empty one verifies
// nothing and says so.
func TestChainLocations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	names, _ := writeChain(t, dir, testScope, 2)
	for _, bad := range []string{"", filepath.Join(dir, "nothing"), "oci://Not A Repo", "oci://example.com/r:tag"} {
		if _, err := Locate(bad); err == nil {
			t.Errorf("Locate(%q) accepted", bad)
		}
	}
	one, err := Locate(filepath.Join(dir, names[1]))
	if err != nil || one.Kind != One {
		t.Fatalf("a .tar.gz: %+v, %v", one, err)
	}
	if d, err := Locate(filepath.Join(dir, names[0])); err != nil || d.Kind != One {
		t.Fatalf("a bundle directory: %+v, %v", d, err)
	}
	if _, err := Verify(ctx, one, Options{Verify: testVerify(t)}); err == nil {
		t.Error("a chain of one bundle's location verified")
	}
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Locate(notes); err == nil {
		t.Error("a text file accepted as a location")
	}
	if rep := verifyDirChain(t, dir, Options{}); !rep.Intact || rep.Bundles != 2 {
		t.Errorf("other files beside the bundles: %+v", rep)
	}
	if rep := verifyDirChain(t, t.TempDir(), Options{}); rep.Intact || len(rep.Problems) != 1 {
		t.Errorf("an empty directory: %+v", rep)
	}
}

func TestScope(t *testing.T) {
	rep := func(repos ...string) *engine.Report {
		r := &engine.Report{}
		for _, x := range repos {
			r.Targets = append(r.Targets, engine.TargetSummary{TargetRef: engine.TargetRef{Repo: x}})
		}
		return r
	}
	git := runenv.Environment{Git: &runenv.Git{Repository: "github.com/acme/infra"}}
	for _, c := range []struct {
		given string
		env   runenv.Environment
		rep   *engine.Report
		want  string
	}{
		{"fleet:prod", git, rep("a"), "fleet:prod"},
		{"", git, rep("a"), "github.com/acme/infra"},
		{"", runenv.Environment{}, rep("a", "", "a"), "a"},
		{"", runenv.Environment{}, rep("a", "b"), ""},
		{"", runenv.Environment{Git: &runenv.Git{}}, rep(), ""},
		{"", runenv.Environment{}, nil, ""},
	} {
		if got := Scope(c.given, c.env, c.rep); got != c.want {
			t.Errorf("Scope(%q, %+v, %+v) = %q, want %q", c.given, c.env.Git, c.rep, got, c.want)
		}
	}
	for _, bad := range []string{"a\nb", "x\x00", strings.Repeat("x", 513), "\xff"} {
		if CheckScope(bad) == nil {
			t.Errorf("CheckScope(%q) accepted", bad)
		}
	}
	if err := CheckScope("fleet:prod eu-west-1"); err != nil {
		t.Error(err)
	}
}

func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}
