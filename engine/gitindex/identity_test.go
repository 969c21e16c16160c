package gitindex

import "testing"

func TestRemoteIdentity(t *testing.T) {
	for remote, want := range map[string]string{
		"https://github.com/acme/infra.git":            "github.com/acme/infra",
		"https://github.com/acme/infra":                "github.com/acme/infra",
		"https://token:x-oauth@GitHub.com/acme/infra/": "github.com/acme/infra",
		"git@github.com:acme/infra.git":                "github.com/acme/infra",
		"github.com:acme/infra":                        "github.com/acme/infra",
		"ssh://git@github.com:22/acme/infra.git":       "github.com/acme/infra",
		"ssh://git@gitlab.example.com/group/sub/repo":  "gitlab.example.com/group/sub/repo",
		"https://dev.azure.com/org/project/_git/repo":  "dev.azure.com/org/project/_git/repo",
		"/srv/git/infra.git":                           "",
		"../infra":                                     "",
		"file:///srv/git/infra.git":                    "",
		"C:/src/infra":                                 "",
		"":                                             "",
	} {
		if got := RemoteIdentity(remote); got != want {
			t.Errorf("RemoteIdentity(%q) = %q, want %q", remote, got, want)
		}
	}
}
