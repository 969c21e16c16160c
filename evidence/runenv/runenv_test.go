package runenv

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/object"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// Each CI system's run is read from the variables it documents.
func TestDetectCI(t *testing.T) {
	for _, c := range []struct {
		name string
		vars map[string]string
		want *CI
	}{
		{"none", map[string]string{"HOME": "/root"}, nil},
		{"github", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "123", "GITHUB_RUN_ATTEMPT": "2", "GITHUB_SERVER_URL": "https://github.com",
			"GITHUB_REPOSITORY": "acme/infra", "GITHUB_JOB": "check", "GITHUB_WORKFLOW": "ci", "GITHUB_SHA": "abc", "GITHUB_REF": "refs/heads/main"},
			&CI{Provider: GitHubActions, RunID: "123", RunURL: "https://github.com/acme/infra/actions/runs/123/attempts/2", Job: "check", Pipeline: "ci", Commit: "abc", Ref: "refs/heads/main"}},
		{"github enterprise, no attempt", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "9", "GITHUB_SERVER_URL": "https://ghe.example.com/", "GITHUB_REPOSITORY": "a/b"},
			&CI{Provider: GitHubActions, RunID: "9", RunURL: "https://ghe.example.com/a/b/actions/runs/9"}},
		{"gitlab", map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_ID": "77", "CI_PIPELINE_URL": "https://gitlab.com/acme/infra/-/pipelines/77",
			"CI_JOB_ID": "555", "CI_PROJECT_PATH": "acme/infra", "CI_COMMIT_SHA": "def", "CI_COMMIT_REF_NAME": "main"},
			&CI{Provider: GitLabCI, RunID: "77", RunURL: "https://gitlab.com/acme/infra/-/pipelines/77", Job: "555", Pipeline: "acme/infra", Commit: "def", Ref: "main"}},
		{"jenkins", map[string]string{"JENKINS_URL": "https://ci.example.com/", "BUILD_TAG": "jenkins-infra-12", "BUILD_ID": "12",
			"BUILD_URL": "https://ci.example.com/job/infra/12/", "JOB_NAME": "infra", "GIT_COMMIT": "fed", "GIT_BRANCH": "origin/main"},
			&CI{Provider: Jenkins, RunID: "jenkins-infra-12", RunURL: "https://ci.example.com/job/infra/12/", Job: "infra", Commit: "fed", Ref: "origin/main"}},
		{"buildkite", map[string]string{"BUILDKITE": "true", "BUILDKITE_BUILD_ID": "0190-uuid", "BUILDKITE_BUILD_URL": "https://buildkite.com/acme/infra/builds/3",
			"BUILDKITE_JOB_ID": "job-uuid", "BUILDKITE_PIPELINE_SLUG": "infra", "BUILDKITE_COMMIT": "111", "BUILDKITE_BRANCH": "main"},
			&CI{Provider: Buildkite, RunID: "0190-uuid", RunURL: "https://buildkite.com/acme/infra/builds/3", Job: "job-uuid", Pipeline: "infra", Commit: "111", Ref: "main"}},
		{"circleci", map[string]string{"CIRCLECI": "true", "CIRCLE_WORKFLOW_ID": "wf-uuid", "CIRCLE_BUILD_NUM": "8", "CIRCLE_BUILD_URL": "https://circleci.com/gh/acme/infra/8",
			"CIRCLE_JOB": "check", "CIRCLE_PROJECT_REPONAME": "infra", "CIRCLE_SHA1": "222", "CIRCLE_BRANCH": "main"},
			&CI{Provider: CircleCI, RunID: "wf-uuid", RunURL: "https://circleci.com/gh/acme/infra/8", Job: "check", Pipeline: "infra", Commit: "222", Ref: "main"}},
		{"GITHUB_ACTIONS not true", map[string]string{"GITHUB_ACTIONS": "false"}, nil},
	} {
		got := DetectCI(env(c.vars))
		switch {
		case got == nil && c.want == nil:
		case got == nil || c.want == nil || *got != *c.want:
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://gitlab-ci-token:glcbt-secret@gitlab.com/acme/infra.git": "https://gitlab.com/acme/infra.git",
		"https://x-access-token:ghs_secret@github.com/acme/infra":        "https://github.com/acme/infra",
		"https://github.com/acme/infra.git":                              "https://github.com/acme/infra.git",
		"git@github.com:acme/infra.git":                                  "git@github.com:acme/infra.git",
		"ssh://git@github.com:22/acme/infra":                             "ssh://github.com:22/acme/infra",
		"https://user:p%zz@host/x":                                       "https://host/x",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// The checkout's HEAD and origin remote are read, without the token a CI
// system put in the remote.
func TestReadGit(t *testing.T) {
	dir := t.TempDir()
	if ReadGit(dir) != nil {
		t.Fatal("a directory outside any repository has git facts")
	}
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{"https://gitlab-ci-token:secret@gitlab.com/acme/infra.git"}}); err != nil {
		t.Fatal(err)
	}
	wt, _ := repo.Worktree()
	h, err := wt.Commit("first", &git.CommitOptions{AllowEmptyCommits: true, Author: &object.Signature{Name: "a", Email: "a@example.com", When: time.Unix(0, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	g := ReadGit(dir)
	want := Git{Commit: h.String(), Remote: "https://gitlab.com/acme/infra.git", Repository: "gitlab.com/acme/infra"}
	if g == nil || *g != want {
		t.Errorf("git %+v, want %+v", g, want)
	}
	e := Collect(dir, "1.2.3", env(map[string]string{"CIRCLECI": "true"}))
	if e.Paved.Version != "1.2.3" || e.Git == nil || e.CI == nil || e.CI.Provider != CircleCI {
		t.Errorf("collected %+v", e)
	}
}

// No URL comes out of RedactURL with a password in it.
func FuzzRedactURL(f *testing.F) {
	f.Add("https://user:secret@example.com/x")
	f.Add("git@github.com:a/b")
	f.Add("ssh://u:p@h:22/x")
	f.Add("https://u:p%zz@host/x")
	f.Fuzz(func(t *testing.T, in string) {
		out := RedactURL(in)
		if u, err := url.Parse(out); err == nil && strings.Contains(out, "://") {
			if _, has := u.User.Password(); has {
				t.Fatalf("RedactURL(%q) = %q keeps a password", in, out)
			}
		}
	})
}
