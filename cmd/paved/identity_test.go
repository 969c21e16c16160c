package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/store"
	"github.com/paved-dev/paved/internal/testenv"
)

// checkout makes a clone-like git checkout of the insecure example stack at
// dir, with origin at remote.
func checkout(t *testing.T, dir, remote string) {
	t.Helper()
	copyStack(t, dir)
	gitCmd(t, dir, "init", "-q", "-b", "main")
	gitCmd(t, dir, "remote", "add", "origin", remote)
	gitCmd(t, dir, "add", ".")
	gitCmd(t, dir, "commit", "-q", "-m", "stack")
}

// judged is what identifies one run's Terraform findings.
type judged struct {
	repo, path string
	findings   []string // fingerprints of fail/warn results, sorted
}

func judge(t *testing.T, cwd string, args ...string) (judged, *engine.Report) {
	t.Helper()
	t.Chdir(cwd)
	code, out, errs := paved(t, append([]string{"check", "-f", "json", "--config", "none"}, args...)...)
	if code == 2 {
		t.Fatalf("paved check %v in %s: exit 2: %s", args, cwd, errs)
	}
	rep := jsonReport(t, out)
	var j judged
	for _, ts := range rep.Targets {
		if ts.Kind == "terraform" {
			j.repo, j.path = ts.Repo, ts.Path
		}
	}
	for _, r := range rep.Results {
		if r.Target.Kind == "terraform" && (r.Status == engine.StatusFail || r.Status == engine.StatusWarn) {
			j.findings = append(j.findings, r.Fingerprint)
		}
	}
	slices.Sort(j.findings)
	return j, rep
}

// One finding, one name: the same stack judged from three working
// directories, with two spellings of its path, and from a copy at another
// absolute path whose origin is the ssh form of the same remote, has one
// identity (repo github.com/acme/infra, path stack) and the same
// fingerprints; a store fed from both checkouts keeps one life per finding;
// a baseline written in one checkout gates the other.
func TestIdentityHoldsAcrossPathsAndCheckouts(t *testing.T) {
	testenv.Tool(t, "apt-get install git", "git")
	root := t.TempDir()
	a := filepath.Join(root, "ci", "run-1", "infra")
	b := filepath.Join(root, "laptop", "src", "elsewhere")
	checkout(t, a, "https://github.com/acme/infra.git")
	checkout(t, b, "git@github.com:acme/infra.git")

	want, _ := judge(t, filepath.Join(a, "stack"), ".")
	if want.repo != "github.com/acme/infra" || want.path != "stack" || len(want.findings) == 0 {
		t.Fatalf("identity %q %q with %d findings, want github.com/acme/infra, stack and some", want.repo, want.path, len(want.findings))
	}
	for _, run := range []struct{ cwd, arg string }{
		{a, "stack"},
		{a, "./stack/"},
		{root, filepath.Join(a, "stack")},
		{filepath.Join(a, "stack", "modules"), ".."},
		{b, "stack"},
		{filepath.Join(b, "stack"), "."},
	} {
		got, _ := judge(t, run.cwd, run.arg)
		if got.repo != want.repo || got.path != want.path || !slices.Equal(got.findings, want.findings) {
			t.Errorf("from %s, %s: identity %q %q, %d findings (same fingerprints: %v); want %q %q, %d",
				run.cwd, run.arg, got.repo, got.path, len(got.findings), slices.Equal(got.findings, want.findings), want.repo, want.path, len(want.findings))
		}
	}

	// --repo names the repository instead (a fork, a fleet's clone).
	if got, _ := judge(t, a, "stack", "--repo", "github.com/acme/infra-fork"); got.repo != "github.com/acme/infra-fork" || got.path != "stack" {
		t.Errorf("--repo: identity %q %q", got.repo, got.path)
	}

	// So does repo: in .paved.yaml, and the flag wins over it.
	cfg := filepath.Join(root, "repo.paved.yaml")
	os.WriteFile(cfg, []byte("version: 1\nrepo: github.com/acme/infra-config\n"), 0o644)
	for args, want := range map[string]string{
		"":                            "github.com/acme/infra-config",
		"--repo github.com/acme/flag": "github.com/acme/flag",
	} {
		t.Chdir(a)
		code, out, errs := paved(t, append([]string{"check", "stack", "-f", "json", "--config", cfg}, strings.Fields(args)...)...)
		if code == 2 {
			t.Fatalf("repo: in the config: %s", errs)
		}
		if got := jsonReport(t, out).Targets[0].Repo; got != want {
			t.Errorf("config repo, flags %q: repo %q, want %q", args, got, want)
		}
	}

	// A store fed from both checkouts tracks one life per finding.
	db := "sqlite://" + filepath.Join(root, "paved.db")
	for _, cwd := range []string{a, b} {
		t.Chdir(cwd)
		if code, _, errs := paved(t, "check", "stack", "--config", "none", "--store", db); code == 2 {
			t.Fatalf("recorded run in %s: %s", cwd, errs)
		}
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := s.Findings(context.Background(), "terraform", engine.Identity{Repo: want.repo, Path: want.path})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	var open []string
	for _, f := range fs {
		if !f.Resolved.IsZero() || f.Reopened != 0 {
			t.Errorf("finding %s %s resolved or reopened by a run from another checkout", f.PolicyID, f.Resource)
		}
		open = append(open, f.Fingerprint)
	}
	slices.Sort(open)
	if !slices.Equal(open, want.findings) {
		t.Errorf("store holds %d findings, want the %d of one run", len(open), len(want.findings))
	}

	// A baseline written in one checkout gates the other: nothing is new.
	_, rep := judge(t, a, "stack")
	base := filepath.Join(root, "base.json")
	code, out, _ := func() (int, string, string) {
		t.Chdir(a)
		return paved(t, "check", "stack", "-f", "json", "--config", "none")
	}()
	if code != 1 {
		t.Fatalf("baseline run: exit %d", code)
	}
	os.WriteFile(base, []byte(out), 0o644)
	t.Chdir(b)
	if code, _, errs := paved(t, "check", "stack", "--config", "none", "--baseline", base); code != 0 {
		t.Errorf("the other checkout against the baseline: exit %d (%s); %d results in the baseline's run", code, errs, len(rep.Results))
	}

	// A waiver for every target ("*") applies whatever the path typed.
	waivers := filepath.Join(root, "waivers.yaml")
	os.WriteFile(waivers, []byte("waivers:\n  - id: W-ALL\n    policy: \"*\"\n    target: \"*\"\n    reason: accepted for the test\n    owner: platform\n"), 0o644)
	t.Chdir(root)
	code, out, errs := paved(t, "check", filepath.Join(b, "stack"), "-f", "json", "--config", "none", "--waivers", waivers)
	if code != 0 {
		t.Errorf("target \"*\" on an absolute path: exit %d (%s)", code, errs)
	}
	for _, r := range jsonReport(t, out).Results {
		if r.Status == engine.StatusFail {
			t.Errorf("not waived by target \"*\": %s %s", r.Policy.ID, r.Resource)
			break
		}
	}
}

// A baseline written by an earlier paved (fingerprints from the path as
// typed, no target path in its results) is refused, saying what to do,
// never read as "everything is new".
func TestOldBaselineRefused(t *testing.T) {
	dir := t.TempDir()
	stack := copyStack(t, dir)
	old := filepath.Join(dir, "old.json")
	os.WriteFile(old, []byte(`{"schema": "paved.report/v1", "results": [{"status": "fail", "fingerprint": "25653fd9aaaaaaaaaaaaaaaaaaaaaaaa", "target": {"kind": "terraform", "id": "."}}]}`), 0o644)
	code, _, errs := paved(t, "check", stack, "--config", "none", "--baseline", old)
	if code != 2 || !strings.Contains(errs, "write the baseline again") {
		t.Fatalf("old baseline: exit %d, %s", code, errs)
	}
}

// An SBOM is known by its main component, without version: the next
// build's SBOM, written elsewhere, is the same target, so a vulnerability
// it no longer has counts as resolved, not as one finding gone and
// another opened.
func TestSBOMIdentityFromBuildToBuild(t *testing.T) {
	dir := t.TempDir()
	bom := func(build, version string, vulnerable bool) string {
		vulns := ""
		if vulnerable {
			vulns = `, "vulnerabilities": [{"id": "GHSA-test-0002", "ratings": [{"severity": "critical"}], "affects": [{"ref": "lp"}]}]`
		}
		p := filepath.Join(dir, build, "bom.cdx.json")
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(`{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "metadata": {"component": {"type": "application", "name": "app", "version": "`+version+`", "purl": "pkg:npm/%40acme/app@`+version+`"}},
  "components": [{"type": "library", "name": "left-pad", "version": "1.0.0", "purl": "pkg:npm/left-pad@1.0.0", "bom-ref": "lp"}]`+vulns+`}`), 0o644)
		return p
	}
	db := "sqlite://" + filepath.Join(dir, "paved.db")
	first, second := bom("build-1", "1.0.0", true), bom("build-2", "1.1.0", false)
	var ids []engine.Identity
	for _, p := range []string{first, second} {
		code, out, errs := paved(t, "check", p, "--config", "none", "--store", db, "-f", "json")
		if code == 2 {
			t.Fatalf("%s: %s", p, errs)
		}
		ts := jsonReport(t, out).Targets
		if len(ts) != 1 {
			t.Fatalf("%s: targets %+v", p, ts)
		}
		ids = append(ids, engine.Identity{Repo: ts[0].Repo, Path: ts[0].Path})
	}
	if ids[0] != ids[1] || ids[0].Path != "pkg:npm/%40acme/app" {
		t.Fatalf("identities %v, want both pkg:npm/%%40acme/app", ids)
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fs, err := s.Findings(context.Background(), "sbom", ids[0])
	if err != nil {
		t.Fatal(err)
	}
	resolved := 0
	for _, f := range fs {
		if strings.HasPrefix(f.Resource, "GHSA-test-0002@") {
			if f.Resolved.IsZero() {
				t.Errorf("%s %s still open after the build that fixed it", f.PolicyID, f.Resource)
			}
			resolved++
		}
	}
	if resolved == 0 {
		t.Fatalf("no finding of the vulnerability recorded: %+v", fs)
	}
}
