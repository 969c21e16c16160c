package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/testenv"
)

// The installed hook refuses a commit that stages a blocking finding and
// lets a compliant one through, with the real git.
func TestHookInstallGatesCommits(t *testing.T) {
	testenv.Tool(t, "apt-get install git", "git")
	if testing.Short() {
		t.Skip("builds paved")
	}
	bin := filepath.Join(t.TempDir(), "paved")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build paved: %v\n%s", err, out)
	}
	repo := t.TempDir()
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "PAVED="+bin, "GIT_AUTHOR_NAME=dev", "GIT_AUTHOR_EMAIL=dev@example.com",
			"GIT_COMMITTER_NAME=dev", "GIT_COMMITTER_EMAIL=dev@example.com")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := git("init", "-q", "-b", "main"); err != nil {
		t.Fatal(out)
	}
	if code, out, errs := paved(t, "hook", "install", repo); code != 0 || !strings.Contains(out, "pre-commit") {
		t.Fatalf("install: exit %d %s %s", code, out, errs)
	}
	write := func(name, content string) {
		os.MkdirAll(filepath.Dir(filepath.Join(repo, name)), 0o755)
		os.WriteFile(filepath.Join(repo, name), []byte(content), 0o644)
	}
	write("infra/main.tf", `resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`)
	git("add", "infra/main.tf")
	out, err := git("commit", "-q", "-m", "open ssh")
	if err == nil || !strings.Contains(out, "TF-AWS-VPC-001") {
		t.Fatalf("a blocking finding must refuse the commit, with the report:\n%s", out)
	}
	write("infra/main.tf", strings.Replace(`resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`, "0.0.0.0/0", "10.0.0.0/8", 1))
	git("add", "infra/main.tf")
	if out, err := git("commit", "-q", "-m", "ssh from the VPN"); err != nil {
		t.Fatalf("a compliant commit must pass: %v\n%s", err, out)
	}
	// A foreign hook is kept unless --force.
	os.WriteFile(filepath.Join(repo, ".git", "hooks", "pre-commit"), []byte("#!/bin/sh\nexit 0\n"), 0o755)
	if code, _, errs := paved(t, "hook", "install", repo); code != 2 || !strings.Contains(errs, "--force") {
		t.Fatalf("foreign hook: exit %d %s", code, errs)
	}
}
