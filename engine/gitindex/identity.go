package gitindex

import (
	"net/url"
	"path"
	"path/filepath"
	"strings"
)

// Identify finds the repository whose worktree holds dir: its root on
// disk, and its identity, the same from clone to clone and machine to
// machine: the origin remote normalised (RemoteIdentity), else the root
// directory's name. ok is false when dir is in no repository.
func Identify(dir string) (root, identity string, ok bool) {
	repo, root, err := openRepo(dir)
	if err != nil {
		return "", "", false
	}
	if cfg, err := repo.Config(); err == nil {
		if rc, found := cfg.Remotes["origin"]; found && len(rc.URLs) > 0 {
			if id := RemoteIdentity(rc.URLs[0]); id != "" {
				return root, id, true
			}
		}
	}
	return root, filepath.Base(root), true
}

// RemoteIdentity normalises a git remote URL to host/path, so the https
// and ssh forms of one repository agree: https://github.com/acme/infra.git,
// git@github.com:acme/infra and ssh://git@github.com:22/acme/infra/ are all
// github.com/acme/infra. Credentials, ports and a trailing .git are
// dropped and the host is lower-cased. A local path (a clone of a clone)
// names no host: "" then.
func RemoteIdentity(remote string) string {
	remote = strings.TrimSpace(remote)
	var host, p string
	switch {
	case strings.Contains(remote, "://"):
		u, err := url.Parse(remote)
		if err != nil || u.Scheme == "file" || u.Hostname() == "" {
			return ""
		}
		host, p = u.Hostname(), u.Path
	default:
		// scp-like: [user@]host:path (a colon before any slash); a
		// one-letter host is a Windows drive.
		colon := strings.Index(remote, ":")
		if colon <= 1 || strings.Contains(remote[:colon], "/") {
			return ""
		}
		host, p = remote[:colon], remote[colon+1:]
		if at := strings.LastIndex(host, "@"); at >= 0 {
			host = host[at+1:]
		}
	}
	p = strings.TrimSuffix(strings.Trim(path.Clean("/"+p), "/"), ".git")
	if host == "" || p == "" || p == "." {
		return ""
	}
	return strings.ToLower(host) + "/" + p
}
