package gitindex

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

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

// What a branch changes since its merge base, as git diff BASE...HEAD
// shows it (the expected ranges are git's), from a subdirectory.
func TestChangedSince(t *testing.T) {
	dir := gitRepo(t)
	block := func(name string) string {
		return "resource \"aws_s3_bucket\" \"" + name + "\" {\n  bucket = \"" + name + "\"\n}\n"
	}
	write(t, dir, "infra/main.tf", "a\nb\nc\n")
	write(t, dir, "infra/blocks.tf", block("one")+"\n"+block("three"))
	write(t, dir, "infra/old name.tf", "keep 1\nkeep 2\nkeep 3\nkeep 4\nkeep 5\nkeep 6\n")
	write(t, dir, "infra/gone.tf", "x\n")
	write(t, dir, "infra/shrinks.tf", "1\n2\n3\n")
	write(t, dir, "infra/eol.tf", "no newline")
	write(t, dir, "infra/blank.tf", "\nb\n")
	write(t, dir, "infra/mode.sh", "echo\n")
	write(t, dir, "img.bin", "\x00\x01")
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "base")
	run(t, dir, "checkout", "-q", "-b", "feature")
	write(t, dir, "infra/main.tf", "a\nB\nc\nd\n")
	write(t, dir, "infra/blocks.tf", block("one")+"\n"+block("two")+"\n"+block("three"))
	os.Remove(filepath.Join(dir, "infra", "old name.tf"))
	write(t, dir, "infra/new name.tf", "keep 1\nkeep 2\nkeep 3\nchanged\nkeep 5\nkeep 6\n")
	os.Remove(filepath.Join(dir, "infra", "gone.tf"))
	write(t, dir, "infra/shrinks.tf", "1\n3\n")
	write(t, dir, "infra/eol.tf", "no newline\nnext")
	write(t, dir, "infra/blank.tf", "\n\nb\n")
	write(t, dir, "infra/new.tf", "n\n")
	write(t, dir, "img.bin", "\x00\x02")
	if err := os.Chmod(filepath.Join(dir, "infra", "mode.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "change")
	run(t, dir, "checkout", "-q", "main")
	write(t, dir, "other.tf", "main moved on\n") // not in the feature's diff: BASE...HEAD
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "main")
	run(t, dir, "checkout", "-q", "feature")

	ctx := context.Background()
	changed, err := ChangedSince(ctx, filepath.Join(dir, "infra"), "main")
	if err != nil {
		t.Fatal(err)
	}
	want := ChangedLines{
		"infra/main.tf":     {{2, 2}, {4, 4}},
		"infra/blocks.tf":   {{5, 8}}, // git's diff: the new block and the blank line after it
		"infra/new name.tf": {{4, 4}}, // a rename keeps only the changed line
		"infra/shrinks.tf":  nil,      // only a deletion
		"infra/eol.tf":      {{1, 2}}, // the old last line gained its newline
		"infra/blank.tf":    {{2, 2}}, // of equal lines, the lowest is the new one
		"infra/new.tf":      {{1, 1}},
		"infra/mode.sh":     nil, // a mode change
		"img.bin":           nil, // binary
	}
	if !reflect.DeepEqual(changed, want) {
		t.Fatalf("got  %v\nwant %v", changed, want)
	}

	if _, err := ChangedSince(ctx, dir, "no-such-branch"); err == nil || !strings.Contains(err.Error(), "no-such-branch") {
		t.Errorf("missing base: %v", err)
	}
	for _, bad := range []string{"", "--output=/tmp/x"} {
		if _, err := ChangedSince(ctx, dir, bad); err == nil {
			t.Errorf("base %q must be refused", bad)
		}
	}
	if _, err := ChangedSince(ctx, t.TempDir(), "main"); err == nil {
		t.Error("a directory outside any repository gave changed lines")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ChangedSince(cancelled, dir, "main"); err == nil {
		t.Error("a cancelled context gave changed lines")
	}
}

func TestFindWorktree(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, "infra/main.tf", "x\n")
	wt, err := FindWorktree(filepath.Join(dir, "infra"))
	if err != nil {
		t.Fatal(err)
	}
	if wt.Prefix != "infra/" || mustEval(t, wt.Root) != mustEval(t, dir) {
		t.Errorf("worktree %+v, want root %s and prefix infra/", wt, dir)
	}
	for _, tt := range []struct {
		file, want string
		ok         bool
	}{
		{"main.tf", "infra/main.tf", true},
		{"./modules/../main.tf", "infra/main.tf", true},
		{filepath.Join(wt.Root, "infra", "new.tf"), "infra/new.tf", true},
		{"../../elsewhere.tf", "", false},
		{"/elsewhere/main.tf", "", false},
	} {
		if p, ok := wt.RepoPath(tt.file); ok != tt.ok || ok && p != tt.want {
			t.Errorf("RepoPath(%s) = %q %v, want %q %v", tt.file, p, ok, tt.want, tt.ok)
		}
	}
	if top, err := FindWorktree(dir); err != nil || top.Prefix != "" {
		t.Errorf("at the root: %+v %v, want no prefix", top, err)
	}
	if _, err := FindWorktree(t.TempDir()); err == nil {
		t.Error("a directory outside any repository has a worktree")
	}
	var none Worktree // not a checkout: paths stay as they are
	if p, ok := none.RepoPath("infra/main.tf"); p != "infra/main.tf" || !ok {
		t.Errorf("zero Worktree: %q %v", p, ok)
	}
	if _, ok := none.RepoPath("/abs/main.tf"); ok {
		t.Error("zero Worktree placed an absolute path")
	}
}
