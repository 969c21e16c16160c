package ghaction

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseDiff(t *testing.T) {
	tests := []struct {
		name string
		diff string
		want ChangedLines
		err  string
	}{
		{
			name: "added, changed and deleted lines",
			diff: `diff --git a/main.tf b/main.tf
index 1..2 100644
--- a/main.tf
+++ b/main.tf
@@ -3,0 +4,2 @@ resource "x" "y" {
+  a = 1
+  b = 2
@@ -10 +12 @@
-  c = 1
+  c = 2
@@ -20,3 +23,0 @@
-x
-y
-z
`,
			want: ChangedLines{"main.tf": {{4, 5}, {12, 12}}},
		},
		{
			name: "an added line that looks like a header stays content",
			diff: "diff --git a/sp ace.tf b/sp ace.tf\n--- a/sp ace.tf\t\n+++ b/sp ace.tf\t\n@@ -1,0 +2,2 @@ a\n+b\n+++ c\n",
			want: ChangedLines{"sp ace.tf": {{2, 3}}},
		},
		{
			name: "quoted, new and deleted files",
			diff: `diff --git "a/qu\"ote.tf" "b/qu\"ote.tf"
new file mode 100644
--- /dev/null
+++ "b/qu\"ote.tf"
@@ -0,0 +1,3 @@
+a
+b
+c
diff --git a/gone.tf b/gone.tf
deleted file mode 100644
--- a/gone.tf
+++ /dev/null
@@ -1,2 +0,0 @@
-a
-b
diff --git a/img.png b/img.png
Binary files a/img.png and b/img.png differ
diff --git a/only-deleted.tf b/only-deleted.tf
--- a/only-deleted.tf
+++ b/only-deleted.tf
@@ -5 +4,0 @@
-x
\ No newline at end of file
`,
			want: ChangedLines{`qu"ote.tf`: {{1, 3}}, "only-deleted.tf": nil},
		},
		{
			name: "touching hunks merge",
			diff: "--- a/f\n+++ b/f\n@@ -1,0 +1,2 @@\n+a\n+b\n@@ -2,0 +3 @@\n+c\n",
			want: ChangedLines{"f": {{1, 3}}},
		},
		{name: "empty", diff: "", want: ChangedLines{}},
		{name: "short hunk", diff: "--- a/f\n+++ b/f\n@@ -1,0 +1,2 @@\n+a\n", err: "line 4: the last hunk ends early"},
		{name: "long hunk", diff: "--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n+a\n-b\n-c\n", err: "line 6: hunk holds more lines"},
		{name: "bad header", diff: "--- a/f\n+++ b/f\n@@ -1,0 +x @@\n", err: "line 3: hunk header"},
		{name: "no file", diff: "@@ -1,0 +1 @@\n+a\n", err: "line 1: hunk adds lines to no file"},
		{name: "no prefix", diff: "--- f\n+++ f\n", err: "line 2: path \"f\" does not start with b/"},
		{name: "huge line number", diff: "--- a/f\n+++ b/f\n@@ -1,0 +9999999999999,1 @@\n+a\n", err: "bad line number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDiff(strings.NewReader(tt.diff))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestChangedLinesContains(t *testing.T) {
	c := ChangedLines{"f": {{2, 4}, {10, 10}}, "g": nil}
	for _, tt := range []struct {
		file string
		line int
		want bool
	}{{"f", 1, false}, {"f", 2, true}, {"f", 4, true}, {"f", 5, false}, {"f", 10, true}, {"f", 11, false}, {"g", 1, false}, {"h", 1, false}} {
		if got := c.Contains(tt.file, tt.line); got != tt.want {
			t.Errorf("Contains(%s, %d) = %v", tt.file, tt.line, got)
		}
	}
	if !c.Touches("g") || c.Touches("h") {
		t.Error("Touches")
	}
}

// A long content line is skipped, not buffered, and does not end the hunk.
func TestParseDiffLongLine(t *testing.T) {
	diff := "--- a/f\n+++ b/f\n@@ -1,0 +1,2 @@\n+" + strings.Repeat("x", 1<<20) + "\n+y\n"
	got, err := ParseDiff(strings.NewReader(diff))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ChangedLines{"f": {{1, 2}}}) {
		t.Fatalf("got %v", got)
	}
}

// The real git: what a branch changes since its merge base, from a
// subdirectory, and a base that is not there.
func TestRepoChangedSince(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, s string) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("init", "-q", "-b", "main")
	write("infra/main.tf", "a\nb\nc\n")
	write("infra/old name.tf", "x\n")
	run("add", ".")
	run("commit", "-q", "-m", "base")
	run("checkout", "-q", "-b", "feature")
	write("infra/main.tf", "a\nB\nc\nd\n")
	write("infra/new.tf", "n\n")
	run("add", ".")
	run("commit", "-q", "-m", "change")
	run("checkout", "-q", "main")
	write("other.tf", "main moved on\n") // not in the feature's diff: BASE...HEAD
	run("add", ".")
	run("commit", "-q", "-m", "main")
	run("checkout", "-q", "feature")

	ctx := context.Background()
	repo, err := OpenRepo(ctx, filepath.Join(dir, "infra"))
	if err != nil {
		t.Fatal(err)
	}
	if repo.Prefix != "infra/" {
		t.Errorf("prefix %q", repo.Prefix)
	}
	changed, err := repo.ChangedSince(ctx, "main")
	if err != nil {
		t.Fatal(err)
	}
	want := ChangedLines{"infra/main.tf": {{2, 2}, {4, 4}}, "infra/new.tf": {{1, 1}}}
	if !reflect.DeepEqual(changed, want) {
		t.Fatalf("got %v, want %v", changed, want)
	}
	if p, ok := repo.RepoPath("main.tf"); !ok || p != "infra/main.tf" {
		t.Errorf("RepoPath(main.tf) = %q %v", p, ok)
	}
	if p, ok := repo.RepoPath(filepath.Join(repo.Root, "infra", "new.tf")); !ok || p != "infra/new.tf" {
		t.Errorf("RepoPath(abs) = %q %v", p, ok)
	}
	if _, ok := repo.RepoPath("../../elsewhere.tf"); ok {
		t.Error("a path outside the repository must not be placed")
	}
	if _, err := repo.ChangedSince(ctx, "no-such-branch"); err == nil || !strings.Contains(err.Error(), "no-such-branch") {
		t.Errorf("missing base: %v", err)
	}
	if _, err := repo.ChangedSince(ctx, "--output=/tmp/x"); err == nil {
		t.Error("a base that is an option must be refused")
	}
}

func TestPullRequestBase(t *testing.T) {
	base, err := PullRequestBase(strings.NewReader(`{"action":"opened","pull_request":{"base":{"sha":"abc123","ref":"main"}}}`))
	if err != nil || base != "abc123" {
		t.Fatalf("%q %v", base, err)
	}
	base, err = PullRequestBase(strings.NewReader(`{"ref":"refs/heads/main","after":"def"}`))
	if err != nil || base != "" {
		t.Fatalf("push event: %q %v", base, err)
	}
	if _, err := PullRequestBase(strings.NewReader("{\n\"pull_request\": [}")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("malformed: %v", err)
	}
}

func FuzzParseDiff(f *testing.F) {
	f.Add("--- a/f\n+++ b/f\n@@ -1,0 +1,2 @@\n+a\n+b\n")
	f.Add("diff --git \"a/q\\\"\" \"b/q\\\"\"\n--- /dev/null\n+++ \"b/q\\\"\"\n@@ -0,0 +1 @@\n+x\n")
	f.Add("--- a/f\n+++ b/f\n@@ -5 +4,0 @@\n-x\n\\ No newline at end of file\n")
	f.Add("@@ -1 +1 @@\n")
	f.Fuzz(func(t *testing.T, diff string) {
		c, err := ParseDiff(strings.NewReader(diff))
		if err != nil {
			return
		}
		for file, rs := range c {
			for i, r := range rs {
				if r.First < 1 || r.Last < r.First || (i > 0 && r.First <= rs[i-1].Last+1) {
					t.Fatalf("%s: ranges not sorted and disjoint: %v", file, rs)
				}
			}
		}
	})
}
