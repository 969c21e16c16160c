package gitindex

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func revParse(t *testing.T, dir, rev string) string {
	t.Helper()
	cmd := exec.Command("git", "rev-parse", rev)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git rev-parse %s: %v", rev, err)
	}
	return strings.TrimSpace(string(out))
}

// branchedRepo has main at "base" and a feature branch, checked out, two
// commits on; main moved on by one commit of its own after the branch.
func branchedRepo(t *testing.T) (dir, base string) {
	dir = gitRepo(t)
	write(t, dir, "infra/main.tf", "base\n")
	write(t, dir, "infra/modules/m/main.tf", "module\n")
	write(t, dir, "app/Dockerfile", "FROM scratch\n")
	if err := os.Symlink("main.tf", filepath.Join(dir, "infra", "link.tf")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "base")
	base = revParse(t, dir, "HEAD")
	run(t, dir, "checkout", "-q", "-b", "feature")
	write(t, dir, "infra/main.tf", "feature\n")
	run(t, dir, "commit", "-q", "-am", "feature 1")
	write(t, dir, "infra/new.tf", "added on the branch\n")
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "feature 2")
	run(t, dir, "checkout", "-q", "main")
	write(t, dir, "app/Dockerfile", "FROM alpine\n")
	run(t, dir, "commit", "-q", "-am", "main moves on")
	run(t, dir, "checkout", "-q", "feature")
	return dir, base
}

func TestMergeBase(t *testing.T) {
	dir, base := branchedRepo(t)
	b, err := MergeBase(filepath.Join(dir, "infra"), "main") // from a subdirectory
	if err != nil {
		t.Fatal(err)
	}
	if b.Commit != base {
		t.Errorf("merge base %s, want %s (the commit the branch started from)", b.Commit, base)
	}
	if got, _ := filepath.EvalSymlinks(b.Root); got != mustEval(t, dir) {
		t.Errorf("root %s, want %s", b.Root, dir)
	}

	if _, err := MergeBase(dir, "no-such-branch"); err == nil || !strings.Contains(err.Error(), "fetch it first") {
		t.Errorf("unknown ref: %v, want an error that says to fetch it", err)
	}
	run(t, dir, "checkout", "-q", "--orphan", "unrelated")
	run(t, dir, "commit", "-q", "-m", "no shared history")
	if _, err := MergeBase(dir, "main"); err == nil || !strings.Contains(err.Error(), "share no history") {
		t.Errorf("unrelated histories: %v, want 'share no history'", err)
	}
	if _, err := MergeBase(t.TempDir(), "main"); err == nil {
		t.Error("a directory outside any repository gave a merge base")
	}
}

func mustEval(t *testing.T, p string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestWriteTo(t *testing.T) {
	dir, _ := branchedRepo(t)
	b, err := MergeBase(dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	if err := b.WriteTo(context.Background(), dst, []string{"infra"}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dst, "infra", "main.tf"))
	if err != nil || string(got) != "base\n" {
		t.Errorf("infra/main.tf = %q, %v; want the base's content, not the branch's", got, err)
	}
	if _, err := os.Stat(filepath.Join(dst, "infra", "modules", "m", "main.tf")); err != nil {
		t.Errorf("nested file under the prefix not written: %v", err)
	}
	for _, absent := range []string{"infra/new.tf", "app/Dockerfile", "infra/link.tf"} {
		if _, err := os.Lstat(filepath.Join(dst, absent)); err == nil {
			t.Errorf("%s written: not in the base, outside the prefixes, or a symlink", absent)
		}
	}

	all := t.TempDir()
	if err := b.WriteTo(context.Background(), all, []string{"."}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(all, "app", "Dockerfile")); string(got) != "FROM scratch\n" {
		t.Errorf(`"." wrote app/Dockerfile as %q, want the base's`, got)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.WriteTo(ctx, t.TempDir(), []string{"."}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}
