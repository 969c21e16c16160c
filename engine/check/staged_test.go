package check

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/internal/testenv"
)

func gitRun(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func writeFile(t testing.TB, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const openSSH = `resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`

const closedSSH = `resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
`

// --staged judges the index, not the working tree, and only the modules
// the staged changes touch.
func TestStagedJudgesIndexOnly(t *testing.T) {
	testenv.Tool(t, "apt-get install git", "git")
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q", "-b", "main")
	gitRun(t, dir, "config", "user.email", "dev@example.com")
	gitRun(t, dir, "config", "user.name", "Dev")
	writeFile(t, dir, "legacy/main.tf", openSSH)                      // committed, untouched: not judged
	token := liveLookingToken()                                       // built: this file trips no scanner
	writeFile(t, dir, "legacy/old.sh", "export GH_TOKEN="+token+"\n") // committed secret: not this commit's
	writeFile(t, dir, "app/main.tf", closedSSH)
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "-q", "-m", "first")

	writeFile(t, dir, "app/main.tf", openSSH)
	gitRun(t, dir, "add", "app/main.tf")
	writeFile(t, dir, "app/main.tf", closedSSH) // fixed in the working tree only
	writeFile(t, dir, "app/Dockerfile", "FROM ubuntu:latest\nUSER app\n")
	writeFile(t, dir, "app/deploy.sh", "#!/bin/sh\nexport GH_TOKEN="+token+"\n")
	gitRun(t, dir, "add", "app/Dockerfile", "app/deploy.sh")
	writeFile(t, dir, "app/notes.sh", "export GH_TOKEN="+token+"\n") // not staged

	rep, err := Judge(context.Background(), builtin(t), Options{Paths: []string{dir}, Staged: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Targets) != 3 || rep.Targets[0].ID != "app" || rep.Targets[1].ID != "app/Dockerfile" || rep.Targets[2].Kind != "repo" {
		t.Fatalf("targets = %+v, want app, app/Dockerfile and the repository", rep.Targets)
	}
	var secretFiles []string
	for _, r := range rep.Results {
		if r.Policy.ID == "REPO-018" && r.Status == engine.StatusFail {
			secretFiles = append(secretFiles, r.Location.File)
		}
	}
	if len(secretFiles) != 1 || secretFiles[0] != "app/deploy.sh" {
		t.Fatalf("secrets reported in %v, want only the staged app/deploy.sh", secretFiles)
	}
	var sshFailed, latestFailed bool
	for _, r := range rep.Results {
		if r.Policy.ID == "TF-AWS-VPC-001" && r.Status == engine.StatusFail {
			sshFailed = r.Location != nil && r.Location.File == "app/main.tf"
		}
		if r.Policy.ID == "DF-003" && r.Status == engine.StatusFail {
			latestFailed = true
		}
	}
	if !sshFailed || !latestFailed {
		t.Fatalf("the staged open SSH rule (app/main.tf) and :latest base must fail: %+v", rep.Results)
	}

	// Nothing staged: nothing judged, nothing blocks.
	gitRun(t, dir, "commit", "-q", "-m", "second")
	rep, err = Judge(context.Background(), builtin(t), Options{Paths: []string{dir}, Staged: true})
	if err != nil || len(rep.Targets) != 0 || rep.Summary.Blocking != 0 {
		t.Fatalf("after commit: %+v, %v", rep, err)
	}
}
