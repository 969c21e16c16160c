package runenv

import (
	"net/url"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/paved-dev/paved/engine/gitindex"
)

// Environment is the record of where and when a run happened.
type Environment struct {
	Paved      Paved     `json:"paved"`
	Git        *Git      `json:"git"` // nil outside a git checkout
	CI         *CI       `json:"ci"`  // nil outside a known CI system
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
}

// Paved is the program that ran.
type Paved struct {
	Version string `json:"version"`
}

// Git is the checkout the run judged.
type Git struct {
	Commit string `json:"commit,omitempty"` // HEAD; "" in a repository without commits
	// Remote is the origin remote's URL without credentials; Repository
	// the same normalised to host/path (the repository's identity).
	Remote     string `json:"remote,omitempty"`
	Repository string `json:"repository,omitempty"`
}

// CI is the CI system's run.
type CI struct {
	Provider string `json:"provider"` // one of the Provider constants
	RunID    string `json:"run_id,omitempty"`
	RunURL   string `json:"run_url,omitempty"`
	Job      string `json:"job,omitempty"`
	Pipeline string `json:"pipeline,omitempty"` // workflow, pipeline or project name
	Commit   string `json:"commit,omitempty"`   // the commit the CI system built
	Ref      string `json:"ref,omitempty"`
}

// CI providers.
const (
	GitHubActions = "github-actions"
	GitLabCI      = "gitlab-ci"
	Jenkins       = "jenkins"
	Buildkite     = "buildkite"
	CircleCI      = "circleci"
)

// Collect records the environment of a run over dir: the git checkout
// holding it (nil when none) and the CI run getenv describes. Times are the
// caller's.
func Collect(dir, version string, getenv func(string) string) Environment {
	return Environment{Paved: Paved{Version: version}, Git: ReadGit(dir), CI: DetectCI(getenv)}
}

// ReadGit reads HEAD and the origin remote of the checkout holding dir;
// nil when dir is in none.
func ReadGit(dir string) *Git {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil
	}
	g := &Git{}
	if head, err := repo.Head(); err == nil {
		g.Commit = head.Hash().String()
	}
	if rem, err := repo.Remote("origin"); err == nil && len(rem.Config().URLs) > 0 {
		g.Remote = RedactURL(rem.Config().URLs[0])
		g.Repository = gitindex.RemoteIdentity(g.Remote)
	}
	return g
}

// RedactURL drops credentials from a URL (CI systems clone with a token in
// the remote, https://gitlab-ci-token:…@host/…); scp-like remotes
// (git@host:path) carry a user name only and are kept.
func RedactURL(remote string) string {
	if !strings.Contains(remote, "://") {
		return remote
	}
	u, err := url.Parse(remote)
	if err != nil {
		// Unparseable: keep what cannot hold a password, the part after
		// the last '@'.
		if i := strings.LastIndex(remote, "@"); i >= 0 {
			scheme, _, _ := strings.Cut(remote, "://")
			return scheme + "://" + remote[i+1:]
		}
		return remote
	}
	u.User = nil
	return u.String()
}

// DetectCI reads the run of the CI system whose variables getenv
// returns; nil when none is recognised.
func DetectCI(getenv func(string) string) *CI {
	switch {
	case getenv("GITHUB_ACTIONS") == "true":
		c := &CI{Provider: GitHubActions, RunID: getenv("GITHUB_RUN_ID"), Job: getenv("GITHUB_JOB"),
			Pipeline: getenv("GITHUB_WORKFLOW"), Commit: getenv("GITHUB_SHA"), Ref: getenv("GITHUB_REF")}
		server, repo := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY")
		if server == "" {
			server = "https://github.com"
		}
		if repo != "" && c.RunID != "" {
			c.RunURL = strings.TrimSuffix(server, "/") + "/" + repo + "/actions/runs/" + c.RunID
			if a := getenv("GITHUB_RUN_ATTEMPT"); a != "" {
				c.RunURL += "/attempts/" + a
			}
		}
		return c
	case getenv("GITLAB_CI") == "true":
		return &CI{Provider: GitLabCI, RunID: getenv("CI_PIPELINE_ID"), RunURL: getenv("CI_PIPELINE_URL"),
			Job: getenv("CI_JOB_ID"), Pipeline: getenv("CI_PROJECT_PATH"), Commit: getenv("CI_COMMIT_SHA"), Ref: getenv("CI_COMMIT_REF_NAME")}
	case getenv("BUILDKITE") == "true":
		return &CI{Provider: Buildkite, RunID: getenv("BUILDKITE_BUILD_ID"), RunURL: getenv("BUILDKITE_BUILD_URL"),
			Job: getenv("BUILDKITE_JOB_ID"), Pipeline: getenv("BUILDKITE_PIPELINE_SLUG"), Commit: getenv("BUILDKITE_COMMIT"), Ref: getenv("BUILDKITE_BRANCH")}
	case getenv("CIRCLECI") == "true":
		id := getenv("CIRCLE_WORKFLOW_ID")
		if id == "" {
			id = getenv("CIRCLE_BUILD_NUM")
		}
		return &CI{Provider: CircleCI, RunID: id, RunURL: getenv("CIRCLE_BUILD_URL"), Job: getenv("CIRCLE_JOB"),
			Pipeline: getenv("CIRCLE_PROJECT_REPONAME"), Commit: getenv("CIRCLE_SHA1"), Ref: getenv("CIRCLE_BRANCH")}
	case getenv("JENKINS_URL") != "":
		id := getenv("BUILD_TAG")
		if id == "" {
			id = getenv("BUILD_ID")
		}
		return &CI{Provider: Jenkins, RunID: id, RunURL: getenv("BUILD_URL"), Job: getenv("JOB_NAME"),
			Commit: getenv("GIT_COMMIT"), Ref: getenv("GIT_BRANCH")}
	}
	return nil
}
