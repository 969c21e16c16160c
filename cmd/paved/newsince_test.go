package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/internal/testenv"
)

func gitCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// --new-since judges the merge base from git objects and blocks only on
// what the branch adds; moved lines and unrelated edits are not new.
func TestCheckNewSince(t *testing.T) {
	testenv.Tool(t, "apt-get install git", "git")
	dir := t.TempDir()
	stack := copyStack(t, dir)
	gitCmd(t, dir, "init", "-q", "-b", "main")
	gitCmd(t, dir, "add", ".")
	gitCmd(t, dir, "commit", "-q", "-m", "legacy stack")
	gitCmd(t, dir, "checkout", "-q", "-b", "feature")

	main := filepath.Join(stack, "main.tf")
	src, _ := os.ReadFile(main)
	// Every block moves down, a comment changes: nothing new.
	edited := "# reorganised\n\n\n\n" + strings.Replace(string(src), "#", "# edited:", 1)
	os.WriteFile(main, []byte(edited), 0o644)
	gitCmd(t, dir, "commit", "-q", "-am", "move things")

	wd, _ := os.Getwd()
	t.Chdir(dir) // as in CI: paved runs at the repository root

	code, out, errs := paved(t, "check", "stack", "--new-since", "main", "-f", "json", "--config", "none")
	rep := jsonReport(t, out)
	validate(t, filepath.Join(wd, "../../schemas/paved.report.v1.json"), out)
	if code != 0 || rep.Summary.Baseline == 0 || rep.Baseline == nil || len(rep.Baseline.MergeBase) != 40 || rep.Baseline.NewSince != "main" {
		t.Fatalf("moved lines only: exit %d, summary %+v, baseline %+v (%s)", code, rep.Summary, rep.Baseline, errs)
	}

	// A new insecure resource, uncommitted: the working tree is the change.
	os.WriteFile(main, []byte(edited+"\nresource \"aws_ebs_volume\" \"scratch\" {\n  availability_zone = \"eu-west-1a\"\n  size = 10\n}\n"), 0o644)
	code, out, _ = paved(t, "check", "stack", "--new-since", "main", "-f", "json", "--config", "none")
	rep = jsonReport(t, out)
	var blocking []string
	for _, r := range rep.Results {
		if r.Blocking(rep.FailOn) {
			blocking = append(blocking, r.Resource)
		}
		if r.Status == engine.StatusFail && !r.Baseline && r.Resource != "aws_ebs_volume.scratch" {
			t.Errorf("old finding reported as new: %s %s", r.Policy.ID, r.Resource)
		}
	}
	if code != 1 || len(blocking) == 0 {
		t.Fatalf("new volume: exit %d, blocking %v", code, blocking)
	}

	// At the repository root the repository target is judged against the
	// base too: its findings are old, only the volume is new.
	code, out, errs = paved(t, "check", ".", "--new-since", "main", "-f", "json", "--config", "none")
	rep = jsonReport(t, out)
	for _, r := range rep.Results {
		if r.Blocking(rep.FailOn) && !strings.HasPrefix(r.Resource, "aws_ebs_volume.scratch") {
			t.Errorf("at the root, old finding blocks: %s %s (%s)", r.Policy.ID, r.Resource, r.Target.ID)
		}
	}
	if code != 1 {
		t.Fatalf("at the root: exit %d (%s)", code, errs)
	}

	// An image has no past in git: with --new-since its findings are all
	// new, beside a path's judged against the base.
	randomLayout(t, filepath.Join(dir, "layout"), 1)
	code, out, errs = paved(t, "check", "oci:layout", "stack", "--new-since", "main", "--no-base-lookup", "-f", "json", "--config", "none")
	if code == 2 {
		t.Fatalf("an image with --new-since: exit 2: %s", errs)
	}
	rep = jsonReport(t, out)
	var imageFindings int
	for _, r := range rep.Results {
		switch {
		case r.Target.Kind == "image" && r.Status == engine.StatusFail:
			imageFindings++
			if r.Baseline {
				t.Errorf("an image finding counted as old: %s %s", r.Policy.ID, r.Resource)
			}
		case r.Target.Kind == "terraform" && r.Status == engine.StatusFail && !r.Baseline && !strings.HasPrefix(r.Resource, "aws_ebs_volume.scratch"):
			t.Errorf("beside an image, an old finding counted as new: %s %s", r.Policy.ID, r.Resource)
		}
	}
	if imageFindings == 0 || code != 1 {
		t.Errorf("an image with --new-since: exit %d, %d image findings", code, imageFindings)
	}

	// An image alone needs no repository: outside one, its findings are
	// new all the same.
	t.Run("image outside a repository", func(t *testing.T) {
		out := t.TempDir()
		randomLayout(t, filepath.Join(out, "layout"), 1)
		t.Chdir(out)
		code, stdout, errs := paved(t, "check", "oci:layout", "--new-since", "main", "--no-base-lookup", "-f", "json", "--config", "none")
		if code != 1 {
			t.Fatalf("exit %d (%s)", code, errs)
		}
		for _, r := range jsonReport(t, stdout).Results {
			if r.Baseline {
				t.Errorf("an image finding counted as old: %s %s", r.Policy.ID, r.Resource)
			}
		}
	})

	if code, _, errs := paved(t, "check", "stack", "--new-since", "no-such-branch"); code != 2 || !strings.Contains(errs, "no-such-branch") {
		t.Fatalf("unknown ref: exit %d %s", code, errs)
	}
	if code, _, errs := paved(t, "check", "--staged", "--new-since", "main"); code != 2 || !strings.Contains(errs, "do not go together") {
		t.Fatalf("--staged with --new-since: exit %d %s", code, errs)
	}
}
