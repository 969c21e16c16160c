package gitindex

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/paved-dev/paved/internal/testenv"
)

// gitRepo makes a repository with the git CLI, as a developer would.
func gitRepo(t *testing.T) string {
	t.Helper()
	testenv.Tool(t, "apt-get install git", "git")
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	run(t, dir, "config", "user.email", "dev@example.com")
	run(t, dir, "config", "user.name", "Dev")
	return dir
}

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestStagedAndIndexFS(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, "infra/a.tf", "committed\n")
	write(t, dir, "infra/c.tf", "to delete\n")
	write(t, dir, "README.md", "hello\n")
	write(t, dir, "docs/guide/intro.md", "unchanged subtree: the tree cache lets Staged skip it\n")
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "first")

	write(t, dir, "infra/a.tf", "staged\n")
	run(t, dir, "add", "infra/a.tf")
	write(t, dir, "infra/a.tf", "working tree only\n") // not staged
	write(t, dir, "app/b.tf", "new\n")
	run(t, dir, "add", "app/b.tf")
	run(t, dir, "rm", "-q", "infra/c.tf")
	write(t, dir, "README.md", "unstaged edit\n")

	ix, err := Open(filepath.Join(dir, "infra")) // from a subdirectory
	if err != nil {
		t.Fatal(err)
	}
	got, err := ix.Staged()
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{{"app/b.tf", Added}, {"infra/a.tf", Modified}, {"infra/c.tf", Deleted}}
	if !slices.Equal(got, want) {
		t.Fatalf("staged = %v, want %v", got, want)
	}
	fsys := ix.FS()
	for name, content := range map[string]string{"infra/a.tf": "staged\n", "README.md": "hello\n", "app/b.tf": "new\n"} {
		b, err := fs.ReadFile(fsys, name)
		if err != nil || string(b) != content {
			t.Errorf("%s = %q, %v; want the staged %q", name, b, err, content)
		}
	}
	if _, err := fs.Stat(fsys, "infra/c.tf"); err == nil {
		t.Error("a staged deletion must be gone from the index FS")
	}
	if len(ix.cached) == 0 || ix.cached["docs"].IsZero() {
		t.Errorf("the tree cache of the unchanged docs/ is not read: %v", ix.cached)
	}
	if err := fstest.TestFS(fsys, "README.md", "app/b.tf", "infra/a.tf", "docs/guide/intro.md"); err != nil {
		t.Fatal(err)
	}
}

func TestStagedWithoutCommits(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, "main.tf", "x\n")
	run(t, dir, "add", ".")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ix.Staged()
	if err != nil || !slices.Equal(got, []Change{{"main.tf", Added}}) {
		t.Fatalf("staged = %v, %v", got, err)
	}
}

func TestOpenOutsideRepository(t *testing.T) {
	if _, err := Open(t.TempDir()); err == nil {
		t.Fatal("want an error outside a git repository")
	}
}
