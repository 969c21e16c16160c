package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/testenv"
)

// snapshotSource commits this source tree as it is on disk (tracked and
// untracked files git does not ignore, uncommitted edits included) into a
// fresh repository, and returns it and the commit.
func snapshotSource(t *testing.T) (string, string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	ls := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	ls.Dir = root
	out, err := ls.Output()
	if err != nil {
		t.Skipf("the source tree is not a git checkout: %v", err)
	}
	dst := t.TempDir()
	for _, name := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		src := filepath.Join(root, name)
		fi, err := os.Lstat(src)
		if err != nil || !fi.Mode().IsRegular() {
			continue // deleted in the working tree, or a symlink or submodule
		}
		if err := copyFile(src, filepath.Join(dst, name), fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	sha := gitIn(t, dst, "init", "-q", "-b", "main")
	gitIn(t, dst, "add", "-A")
	gitIn(t, dst, "commit", "-q", "--no-verify", "-m", "paved under test")
	sha = gitIn(t, dst, "rev-parse", "HEAD")
	return dst, sha
}

func copyFile(src, dst string, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

var gitIdentity = []string{"GIT_AUTHOR_NAME=dev", "GIT_AUTHOR_EMAIL=dev@example.com", "GIT_COMMITTER_NAME=dev", "GIT_COMMITTER_EMAIL=dev@example.com"}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gitIdentity...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// goEnv is a go env value, as pre-commit's go install must see it.
func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

// The real pre-commit framework with this repository's
// .pre-commit-hooks.yaml: it builds paved with go install (language
// golang), installs its git hook, refuses a commit that stages a blocking
// finding with paved's report, and lets a compliant one through.
func TestPreCommitFramework(t *testing.T) {
	preCommit := testenv.Tool(t, "apt-get install pre-commit", "pre-commit")
	testenv.Tool(t, "apt-get install git", "git")
	if testing.Short() {
		t.Skip("builds paved through pre-commit")
	}
	src, rev := snapshotSource(t)

	repo := t.TempDir()
	gitIn(t, repo, "init", "-q", "-b", "main")
	config := "repos:\n  - repo: " + src + "\n    rev: " + rev + "\n    hooks:\n      - id: paved\n"
	os.WriteFile(filepath.Join(repo, ".pre-commit-config.yaml"), []byte(config), 0o644)
	gitIn(t, repo, "add", ".pre-commit-config.yaml")
	gitIn(t, repo, "commit", "-q", "--no-verify", "-m", "pre-commit config")

	// pre-commit's golang language runs go install with GOPATH set to its
	// environment directory, which would move the module cache there:
	// point it at the shared one (and its proxy settings), so the build is
	// offline and fast.
	env := append(os.Environ(), gitIdentity...)
	env = append(env,
		"PRE_COMMIT_HOME="+t.TempDir(),
		"GOMODCACHE="+goEnv(t, "GOMODCACHE"),
		"GOFLAGS="+goEnv(t, "GOFLAGS"),
		"GOPROXY="+goEnv(t, "GOPROXY"),
		"GONOSUMDB="+goEnv(t, "GONOSUMDB"),
		"GOTOOLCHAIN=local",
		"PRE_COMMIT_COLOR=never",
	)
	run := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir = repo
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	if out, err := run(preCommit, "install"); err != nil {
		t.Fatalf("pre-commit install: %v\n%s", err, out)
	}
	if out, err := run(preCommit, "install-hooks"); err != nil {
		t.Fatalf("pre-commit install-hooks (go install of paved): %v\n%s", err, out)
	}

	insecure := `resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`
	os.MkdirAll(filepath.Join(repo, "infra"), 0o755)
	os.WriteFile(filepath.Join(repo, "infra", "main.tf"), []byte(insecure), 0o644)
	gitIn(t, repo, "add", "infra/main.tf")
	out, err := run("git", "commit", "-m", "open ssh")
	if err == nil {
		t.Fatalf("a commit with a blocking finding went through:\n%s", out)
	}
	t.Logf("the refusal:\n%s", out)
	for _, want := range []string{"paved policy check", "Failed", "TF-AWS-VPC-001", "infra/main.tf:", "0.0.0.0/0", "blocking"} {
		if !strings.Contains(out, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, out)
		}
	}
	if head, _ := run("git", "rev-list", "--count", "HEAD"); strings.TrimSpace(head) != "1" {
		t.Fatalf("the refused commit was made: %s", head)
	}

	os.WriteFile(filepath.Join(repo, "infra", "main.tf"), []byte(strings.Replace(insecure, "0.0.0.0/0", "10.0.0.0/8", 1)), 0o644)
	gitIn(t, repo, "add", "infra/main.tf")
	if out, err := run("git", "commit", "-m", "ssh from the VPN"); err != nil || !strings.Contains(out, "Passed") {
		t.Fatalf("a compliant commit was refused: %v\n%s", err, out)
	}
}
