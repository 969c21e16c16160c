package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/testenv"
)

func TestLookup(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "c.tsv")
	write(t, name, "# comment\n"+
		"a/b\tREPO-018\t.\tsecret:tests/*\tfalse-positive\ttest keys\n"+
		"a/b\tREPO-018\t.\tsecret:tests/real.go#abc\ttrue-finding\tthis one is live\n"+
		"a/b\tDF-001\t*/Dockerfile\t*/Dockerfile\tdebatable\ta base image\n")
	rules, err := readClassified(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		repo string
		f    finding
		want int
	}{
		{"a/b", finding{Policy: "REPO-018", Target: ".", Resource: "secret:tests/deep/x.pem#1"}, 0},
		{"a/b", finding{Policy: "REPO-018", Target: ".", Resource: "secret:tests/real.go#abc"}, 1}, // exact wins, though later
		{"a/b", finding{Policy: "REPO-018", Target: ".", Resource: "secret:src/x.go#1"}, -1},
		{"a/b", finding{Policy: "REPO-008", Target: ".", Resource: "secret:tests/x#1"}, -1},
		{"c/d", finding{Policy: "REPO-018", Target: ".", Resource: "secret:tests/x#1"}, -1},
		{"a/b", finding{Policy: "DF-001", Target: "3.12/slim/Dockerfile", Resource: "3.12/slim/Dockerfile"}, 2},
		{"a/b", finding{Policy: "DF-001", Target: "Dockerfile", Resource: "Dockerfile"}, -1},
	} {
		if got := lookup(rules, tc.repo, tc.f); got != tc.want {
			t.Errorf("lookup(%s %s %s %s) = %d, want %d", tc.repo, tc.f.Policy, tc.f.Target, tc.f.Resource, got, tc.want)
		}
	}
}

func TestReadClassifiedErrors(t *testing.T) {
	name := filepath.Join(t.TempDir(), "c.tsv")
	write(t, name, "a/b\tREPO-018\t.\tx\tfalse-positive\n"+
		"a/b\tREPO-018\t.\ty\tnoise\treason\n"+
		"a/b\tREPO-018\t.\tz\ttrue-finding\treason\n"+
		"a/b\tREPO-018\t.\tz\tdebatable\treason\n"+
		"a/b\tREPO-018\t.\tw\tdebatable\t \n")
	_, err := readClassified(name)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{":1: 5 columns", `:2: verdict "noise"`, ":4: the same key as line 3", ":5: every column"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// The files the benchmark ships parse, and every classified repository is
// one the benchmark judges.
func TestShippedLists(t *testing.T) {
	repos, err := readRepos("repos.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(repos) < 10 {
		t.Errorf("%d repositories, want at least 10", len(repos))
	}
	listed := map[string]bool{}
	for _, r := range repos {
		listed[r.Name] = true
	}
	rules, err := readClassified("classified.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if !listed[r.Repo] {
			t.Errorf("classified.tsv:%d: %s is not in repos.tsv", r.line, r.Repo)
		}
	}
}

// A fake paved's report is read as paved's gate reads it: failures at or
// above fail_on block, warnings and lower failures are counted as reported,
// and the verdicts come from the classification; the results file reads
// back and compares.
func TestRunAndCompare(t *testing.T) {
	testenv.Tool(t, "apt-get install git", "git")
	dir := t.TempDir()
	clone := filepath.Join(dir, "repos", "a", "b")
	gitRun(t, "", "init", "-q", clone)
	write(t, filepath.Join(clone, "f"), "x\n")
	gitRun(t, clone, "add", "f")
	gitRun(t, clone, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "x")
	head := strings.TrimSpace(gitOut(t, clone, "rev-parse", "HEAD"))

	report := `{"schema":"paved.report/v1","fail_on":"high","results":[
 {"status":"fail","policy":{"id":"REPO-018","severity":"critical"},"target":{"path":"."},"resource":"secret:tests/k.pem#1","location":{"file":"tests/k.pem","line":1},"message":"m1","fingerprint":"f1"},
 {"status":"fail","policy":{"id":"REPO-018","severity":"critical"},"target":{"path":"."},"resource":"secret:src/k.go#2","message":"m2","fingerprint":"f2"},
 {"status":"fail","policy":{"id":"REPO-005","severity":"low"},"target":{"path":"."},"resource":"repo"},
 {"status":"warn","policy":{"id":"REPO-020","severity":"high"},"target":{"path":"."},"resource":"repo"},
 {"status":"pass","policy":{"id":"DF-001","severity":"high"},"target":{"path":"Dockerfile"},"resource":"Dockerfile"}
],"summary":{"blocking":2}}`
	write(t, filepath.Join(dir, "report.json"), report)
	fake := filepath.Join(dir, "paved")
	write(t, fake, "#!/bin/sh\nif [ \"$1\" = version ]; then echo 'paved test'; exit 0; fi\ncat "+filepath.Join(dir, "report.json")+"\nexit 1\n")
	if err := os.Chmod(fake, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "repos.tsv"), "a/b\t"+head+"\tgo\n")
	write(t, filepath.Join(dir, "c.tsv"), "a/b\tREPO-018\t.\tsecret:tests/*\tfalse-positive\ttest key\n")
	o := options{paved: fake, repos: filepath.Join(dir, "repos"), list: filepath.Join(dir, "repos.tsv"),
		classified: filepath.Join(dir, "c.tsv"), out: filepath.Join(dir, "before.tsv"), strict: true}

	var out bytes.Buffer
	code, err := run(context.Background(), o, &out)
	if err != nil {
		t.Fatal(err)
	}
	if code != 1 {
		t.Errorf("exit %d under -strict with an unclassified finding, want 1\n%s", code, out.String())
	}
	row := "summary\ta/b\tgo\t" + short(head) + "\tok\t2\t0\t1\t0\t1\t2\t1"
	if !strings.Contains(out.String(), row+"\n") {
		t.Errorf("no summary row %q in\n%s", row, out.String())
	}
	if !strings.Contains(out.String(), "UNCLASSIFIED") || !strings.Contains(out.String(), "m2") {
		t.Errorf("the unclassified finding is not printed with its message:\n%s", out.String())
	}

	// The secret in src/ is fixed: the comparison says it no longer blocks;
	// the false positive still does, so -strict still fails.
	write(t, filepath.Join(dir, "report.json"), strings.Replace(
		strings.Replace(report, `{"status":"fail","policy":{"id":"REPO-018","severity":"critical"},"target":{"path":"."},"resource":"secret:src/k.go#2","message":"m2","fingerprint":"f2"},`, "", 1),
		`"blocking":2`, `"blocking":1`, 1))
	o.compare, o.out = o.out, ""
	out.Reset()
	if code, err = run(context.Background(), o, &out); err != nil || code != 1 {
		t.Fatalf("exit %d, %v\n%s", code, err, out.String())
	}
	for _, want := range []string{"a/b                                        2 -> 1", "a/b: 1 no longer block, 0 newly block", "- UNCLASSIFIED   REPO-018     .  secret:src/k.go#2"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("comparison does not say %q:\n%s", want, out.String())
		}
	}
}

// A report whose blocking count differs from the benchmark's reading is an
// error, not a silent miscount.
func TestBlockingCountChecked(t *testing.T) {
	testenv.Tool(t, "apt-get install git", "git")
	dir := t.TempDir()
	clone := filepath.Join(dir, "a", "b")
	gitRun(t, "", "init", "-q", clone)
	gitRun(t, clone, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "x")
	head := strings.TrimSpace(gitOut(t, clone, "rev-parse", "HEAD"))
	fake := filepath.Join(dir, "paved")
	write(t, fake, "#!/bin/sh\necho '{\"fail_on\":\"high\",\"results\":[],\"summary\":{\"blocking\":3}}'\nexit 1\n")
	if err := os.Chmod(fake, 0o755); err != nil {
		t.Fatal(err)
	}
	res := judge(context.Background(), options{paved: fake, repos: dir}, repo{Name: "a/b", Commit: head})
	if res.err == nil || !strings.Contains(res.err.Error(), "counts 3 blocking") {
		t.Errorf("err = %v, want the blocking counts' mismatch", res.err)
	}
	res = judge(context.Background(), options{paved: fake, repos: dir}, repo{Name: "a/b", Commit: strings.Repeat("0", 40)})
	if res.err == nil || !strings.Contains(res.err.Error(), "not the pinned") {
		t.Errorf("err = %v, want a clone at the wrong commit refused", res.err)
	}
}

func write(t *testing.T, name, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	gitOut(t, dir, args...)
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}
