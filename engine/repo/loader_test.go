package repo_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/repo"
	"github.com/paved-dev/paved/policies"
)

func load(t *testing.T, dir string, opts repo.Options) (*engine.Target, engine.Diagnostics) {
	t.Helper()
	ts, err := repo.New(opts).Load(context.Background(), dir)
	var diags engine.Diagnostics
	if err != nil && !errors.As(err, &diags) {
		t.Fatal(err)
	}
	if len(ts) != 1 {
		t.Fatalf("got %d targets, want 1", len(ts))
	}
	return ts[0], diags
}

func m(v any) map[string]any { return v.(map[string]any) }
func l(v any) []any          { return v.([]any) }

func TestLoadGood(t *testing.T) {
	tg, diags := load(t, "testdata/good", repo.Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	in := tg.Input
	if tg.Kind != "repo" || tg.ID != "testdata/good" || !strings.HasPrefix(tg.Digest, "sha256:") {
		t.Errorf("target %s %s %s", tg.Kind, tg.ID, tg.Digest)
	}
	if tg.Owner != "group:acme/platform" {
		t.Errorf("owner %q", tg.Owner)
	}
	if got := m(in["license"])["spdx"]; got != "MIT" {
		t.Errorf("license %v", got)
	}
	if got := m(in["readme"])["headings"]; len(l(got)) != 2 {
		t.Errorf("headings %v", got)
	}
	co := m(in["codeowners"])
	if got := co["default_owners"]; !slices.Equal(l(got), []any{"@acme/platform"}) {
		t.Errorf("default owners %v", got)
	}
	if got := l(co["uncovered_top_level"]); len(got) != 0 {
		t.Errorf("uncovered %v", got)
	}
	wfs := l(in["workflows"])
	if len(wfs) != 1 {
		t.Fatalf("workflows %v", wfs)
	}
	wf := m(wfs[0])
	if wf["path"] != ".github/workflows/ci.yml" || wf["file"] != "testdata/good/.github/workflows/ci.yml" {
		t.Errorf("workflow path %v file %v", wf["path"], wf["file"])
	}
	if on := m(wf["on"]); on["pull_request"] == nil || on["push"] == nil || wf["on_line"] != 2 {
		t.Errorf("on %v line %v", on, wf["on_line"])
	}
	if wf["permissions_line"] != 6 {
		t.Errorf("permissions line %v", wf["permissions_line"])
	}
	job := m(l(wf["jobs"])[0])
	steps := l(job["steps"])
	uses := m(m(steps[0])["uses"])
	if uses["action"] != "actions/checkout" || uses["ref"] != "8e5e7e5ab8b370d6c329ec480221332ada57f0ab" || uses["line"] != 12 || uses["owner"] != "actions" {
		t.Errorf("uses %v", uses)
	}
	run := m(steps[1])
	if run["run_line"] != 15 {
		t.Errorf("run_line %v", run["run_line"])
	}
	if e := l(run["expressions"]); len(e) != 1 || m(e[0])["line"] != 15 || m(e[0])["expr"] != "github.sha" {
		t.Errorf("expressions %v", e)
	}
	ci := m(in["catalog_info"])
	if ci["valid"] != true || ci["lifecycle"] != "production" || ci["owner_line"] != 8 {
		t.Errorf("catalog-info %v", ci)
	}
	if db := m(in["dependabot"]); len(l(db["updates"])) != 1 {
		t.Errorf("dependabot %v", db)
	}
	for _, mf := range l(in["manifests"]) {
		if m(mf)["lockfile"] == nil {
			t.Errorf("manifest without lock %v", mf)
		}
	}
	if len(l(in["secrets"])) != 0 {
		t.Error("secrets not empty")
	}
	wantRes := []engine.Resource{{Type: "repo", Address: "repo"},
		{Type: "workflow", Address: ".github/workflows/ci.yml", File: "testdata/good/.github/workflows/ci.yml", Line: 1}}
	if !slices.Equal(tg.Resources, wantRes) {
		t.Errorf("resources %v", tg.Resources)
	}
}

func TestLoadBad(t *testing.T) {
	tg, diags := load(t, "testdata/bad", repo.Options{})
	if len(diags) != 1 || diags[0].File != "testdata/bad/.github/workflows/broken.yml" || diags[0].Line == 0 {
		t.Fatalf("diagnostics %v", diags)
	}
	co := m(tg.Input["codeowners"])
	if errs := l(co["errors"]); len(errs) != 1 || m(errs[0])["line"] != 1 {
		t.Errorf("codeowners errors %v", errs)
	}
	if got := l(co["uncovered_top_level"]); !slices.Contains(got, any("LICENSE")) || slices.Contains(got, any("svc")) {
		t.Errorf("uncovered %v", got)
	}
	ci := m(tg.Input["catalog_info"])
	if ci["valid"] != false || len(l(ci["errors"])) == 0 {
		t.Errorf("catalog-info %v", ci)
	}
	if tg.Owner != "" {
		t.Errorf("owner %q", tg.Owner)
	}
	for _, w := range l(tg.Input["workflows"]) {
		wf := m(w)
		if wf["path"] == ".github/workflows/triage.yml" {
			st := l(m(l(wf["jobs"])[0])["steps"])
			if d := m(m(st[2])["uses"]); d["kind"] != "docker" || d["ref"] != "3.20" || d["action"] != "docker://alpine" {
				t.Errorf("docker uses %v", d)
			}
			if e := l(m(st[1])["expressions"]); len(e) != 1 || m(e[0])["line"] != 12 {
				t.Errorf("expressions %v", e)
			}
			if lines := m(m(st[0])["with_lines"]); lines["ref"] != 9 {
				t.Errorf("with_lines %v", lines)
			}
		}
	}
}

// The built-in repo policies pass the golden-path fixture and fail the bad one
// where expected.
func TestPolicies(t *testing.T) {
	ctx := context.Background()
	ps, err := engine.LoadPolicies(ctx, engine.LoadOptions{}, engine.PolicySource{Name: "builtin", FS: policies.FS})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := load(t, "testdata/good", repo.Options{})
	bad, _ := load(t, "testdata/bad", repo.Options{})
	ev, err := engine.NewEvaluator(ctx, ps, engine.EvalOptions{Only: engine.Applicable([]*engine.Target{good, bad})})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, r := range ev.Evaluate(ctx, []*engine.Target{good, bad}) {
		if r.Status != engine.StatusPass {
			loc := ""
			if r.Location != nil {
				loc = fmt.Sprintf("%s:%d", r.Location.File, r.Location.Line)
			}
			got[r.Target.ID] = append(got[r.Target.ID], r.Policy.ID+" "+loc)
		}
	}
	if len(got["testdata/good"]) > 0 {
		t.Errorf("good repo fails: %v", got["testdata/good"])
	}
	want := []string{
		"REPO-001 ", "REPO-002 testdata/bad/LICENSE:1", "REPO-004 testdata/bad/CODEOWNERS:1", "REPO-005 ",
		"REPO-006 testdata/bad/catalog-info.yaml:1", "REPO-008 testdata/bad/.github/workflows/triage.yml:7",
		"REPO-009 testdata/bad/.github/workflows/triage.yml:5", "REPO-010 testdata/bad/.github/workflows/triage.yml:9",
		"REPO-011 testdata/bad/.github/workflows/triage.yml:12", "REPO-012 ", "REPO-013 ",
		"REPO-014 testdata/bad/svc/package.json:0", "REPO-016 ", "REPO-017 testdata/bad/.github/workflows/broken.yml:4",
	}
	slices.Sort(got["testdata/bad"])
	if !slices.Equal(got["testdata/bad"], want) {
		t.Errorf("bad repo results\n got %q\nwant %q", got["testdata/bad"], want)
	}
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func paths(in map[string]any) []string {
	var out []string
	for _, f := range l(m(in["tree"])["files"]) {
		out = append(out, m(f)["path"].(string))
	}
	return out
}

func TestTreeIgnoresAndSymlinks(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "secret.txt", "x")
	write(t, dir, ".gitignore", "*.log\n/build/\n!keep.log\n")
	write(t, dir, "a.log", "x")
	write(t, dir, "keep.log", "x")
	write(t, dir, "build/out", "x")
	write(t, dir, "sub/build/in", "x")
	write(t, dir, "sub/.gitignore", "tmp\n")
	write(t, dir, "sub/tmp", "x")
	write(t, dir, ".git/config", "[core]\n")
	write(t, dir, ".git/info/exclude", "excluded.txt\n")
	write(t, dir, "excluded.txt", "x")
	write(t, dir, "tool", "\x7fELF\x02\x01")
	for name, target := range map[string]string{"out": outside, "loop": "loop", "up": "../x", "in": "sub/tmp"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(dir, "sub", "outdir")); err != nil {
		t.Fatal(err)
	}
	tg, diags := load(t, dir, repo.Options{})
	got := paths(tg.Input)
	want := []string{".gitignore", "in", "keep.log", "loop", "out", "sub/.gitignore", "sub/build/in", "sub/outdir", "tool", "up"}
	if !slices.Equal(got, want) || len(diags) > 0 {
		t.Errorf("tree %v diags %v", got, diags)
	}
	for _, f := range l(m(tg.Input["tree"])["files"]) {
		f := m(f)
		switch f["path"] {
		case "out", "up", "sub/outdir":
			if f["type"] != "symlink" || f["inside"] != false {
				t.Errorf("%v", f)
			}
		case "in":
			if f["inside"] != true {
				t.Errorf("%v", f)
			}
		case "tool":
			if f["format"] != "elf" || f["binary"] != true {
				t.Errorf("%v", f)
			}
		}
	}
	// The git directory is not a checkout go-git can read: recorded, not fatal.
	if g := m(tg.Input["git"]); g["error"] == nil {
		t.Errorf("git %v", g)
	}
}

func TestGitFacts(t *testing.T) {
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "README.md", "# x\n")
	wt, _ := r.Worktree()
	if _, err := wt.Add("README.md"); err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	h, err := wt.Commit("init", &git.CommitOptions{Author: &object.Signature{Name: "a", Email: "a@b", When: when}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{"https://user:ghp_token@github.com/acme/x.git"}}); err != nil {
		t.Fatal(err)
	}
	tg, _ := load(t, dir, repo.Options{})
	g := m(tg.Input["git"])
	if g["head"] != h.String() || g["branch"] != "master" || g["remote"] != "https://github.com/acme/x.git" ||
		g["last_commit_time"] != "2026-01-02T03:04:05Z" || g["error"] != nil {
		t.Errorf("git %v", g)
	}
	if slices.Contains(paths(tg.Input), ".git/HEAD") {
		t.Error(".git listed")
	}
}

func TestBounds(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		write(t, dir, fmt.Sprintf("f%d", i), "x")
	}
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for i := range 8 {
		name := fmt.Sprintf("b%d", i)
		bomb += fmt.Sprintf("%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	write(t, dir, ".github/workflows/bomb.yml", bomb)
	write(t, dir, ".github/workflows/deep.yml", "on: push\njobs: "+strings.Repeat("[", 5000)+"\n")
	write(t, dir, ".github/workflows/big.yml", "on: push\n"+strings.Repeat("# pad\n", 200))
	_, diags := load(t, dir, repo.Options{MaxFiles: 4, MaxFileSize: 1000})
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"listing is truncated"} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics %q lack %q", all, want)
		}
	}
	tg, diags := load(t, dir, repo.Options{MaxFileSize: 1000})
	if len(diags) != 3 {
		t.Errorf("diagnostics %v", diags)
	}
	for _, w := range l(tg.Input["workflows"]) {
		if m(w)["error"] == nil {
			t.Errorf("%v loaded", m(w)["path"])
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := repo.New(repo.Options{}).Load(ctx, "testdata/good"); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v", err)
	}
}

func TestNotADirectory(t *testing.T) {
	if _, err := repo.New(repo.Options{}).Load(context.Background(), "testdata/good/README.md"); err == nil {
		t.Error("no error")
	}
}

// BenchmarkLoad loads a generated 2,000-file repository with the usual
// known files (LICENSE included, so the classifier's match is counted; its
// one-time load is outside the loop, see BenchmarkLicenseClassifier).
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	lic, _ := os.ReadFile("testdata/good/LICENSE")
	for i := range 2000 {
		p := filepath.Join(dir, fmt.Sprintf("pkg%02d/sub%d/file%d.go", i%40, i%5, i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("package x\n"), 0o644)
	}
	for _, rel := range []string{"LICENSE", "README.md", ".github/workflows/ci.yml", ".github/CODEOWNERS", "catalog-info.yaml", "go.mod", "go.sum"} {
		src, _ := os.ReadFile(filepath.Join("testdata/good", rel))
		if rel == "LICENSE" {
			src = lic
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755)
		os.WriteFile(filepath.Join(dir, rel), src, 0o644)
	}
	l := repo.New(repo.Options{})
	if _, err := l.Load(context.Background(), dir); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := l.Load(context.Background(), dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstLoad includes building the license classifier (a new Loader
// each time): what a one-shot pre-commit run pays.
func BenchmarkFirstLoad(b *testing.B) {
	for b.Loop() {
		if _, err := repo.New(repo.Options{}).Load(context.Background(), "testdata/good"); err != nil {
			b.Fatal(err)
		}
	}
}
