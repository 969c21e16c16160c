package image

import (
	"archive/tar"
	"cmp"
	"fmt"
	"path"
	"strings"

	"github.com/paved-dev/paved/engine/secrets"
)

// fileSystem is what the walk found, as the document's filesystem.
type fileSystem struct {
	walked, complete bool
	reason           string
	files            int
	bytes            int64
	osRelease        map[string]any
	lists            map[string][]any
}

// notWalked is the filesystem of an image whose layers were not read.
func notWalked(reason string) *fileSystem {
	return &fileSystem{reason: reason, lists: map[string][]any{}}
}

// listNames are the document's lists, in the order their bounds are told.
var listNames = []string{"setuid", "setgid", "world_writable", "package_caches", "shells", "ssh_servers", "secrets", "secrets_skipped"}

func (f *fileSystem) document() map[string]any {
	doc := map[string]any{
		"walked": f.walked, "complete": f.complete, "reason": f.reason,
		"files": f.files, "bytes": int(f.bytes), "os_release": nil,
	}
	if f.osRelease != nil {
		doc["os_release"] = f.osRelease
	}
	for _, n := range listNames {
		l := f.lists[n]
		if l == nil {
			l = []any{}
		}
		doc[n] = l
	}
	return doc
}

// shellNames are interactive shells; binDirs where a shell is on the PATH.
var (
	shellNames = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "zsh": true, "ksh": true,
		"ksh93": true, "mksh": true, "pdksh": true, "csh": true, "tcsh": true, "fish": true, "yash": true}
	binDirs = map[string]bool{"/bin": true, "/sbin": true, "/usr/bin": true, "/usr/sbin": true,
		"/usr/local/bin": true, "/usr/local/sbin": true}
	sshServers = map[string]bool{"sshd": true, "dropbear": true, "tinysshd": true}
)

// packageCaches are where package managers keep downloads and indexes an
// image does not need at run time; "*" is one path segment (a user).
var packageCaches = []struct{ pattern, manager string }{
	{"/var/cache/apt/archives", "apt"},
	{"/var/lib/apt/lists", "apt"},
	{"/var/cache/apk", "apk"},
	{"/etc/apk/cache", "apk"},
	{"/var/cache/dnf", "dnf"},
	{"/var/cache/yum", "yum"},
	{"/var/cache/zypp", "zypper"},
	{"/var/cache/pacman/pkg", "pacman"},
	{"/root/.cache/pip", "pip"},
	{"/home/*/.cache/pip", "pip"},
	{"/root/.cache/uv", "uv"},
	{"/home/*/.cache/uv", "uv"},
	{"/root/.npm/_cacache", "npm"},
	{"/home/*/.npm/_cacache", "npm"},
	{"/usr/local/share/.cache/yarn", "yarn"},
	{"/root/.cache/yarn", "yarn"},
	{"/home/*/.cache/yarn", "yarn"},
	{"/root/.cache/go-build", "go"},
	{"/home/*/.cache/go-build", "go"},
	{"/root/.m2/repository", "maven"},
	{"/home/*/.m2/repository", "maven"},
	{"/root/.gradle/caches", "gradle"},
	{"/home/*/.gradle/caches", "gradle"},
	{"/root/.cargo/registry", "cargo"},
	{"/usr/local/cargo/registry", "cargo"},
	{"/root/.cache/composer", "composer"},
}

// cacheOf is the package cache p lies in: its directory and manager.
func cacheOf(p string) (dir, manager string, ok bool) {
	if !strings.HasPrefix(p, "/var/") && !strings.HasPrefix(p, "/etc/") && !strings.HasPrefix(p, "/root/") &&
		!strings.HasPrefix(p, "/home/") && !strings.HasPrefix(p, "/usr/") {
		return "", "", false
	}
	for _, c := range packageCaches {
		if d, ok := under(c.pattern, p); ok {
			return d, c.manager, true
		}
	}
	return "", "", false
}

// under reports whether p lies below pattern, and the directory pattern
// matched: p up to as many segments as pattern has.
func under(pattern, p string) (string, bool) {
	i := 0 // p[:i] is matched
	for seg := range strings.SplitSeq(pattern[1:], "/") {
		if i >= len(p) || p[i] != '/' {
			return "", false
		}
		end := strings.IndexByte(p[i+1:], '/')
		if end < 0 {
			return "", false // p's last segment: the file, not a directory below pattern
		}
		end += i + 1
		if seg != "*" && seg != p[i+1:end] {
			return "", false
		}
		i = end
	}
	return p[:i], true
}

// tally is what the final file system's entries show, added up as they
// are merged: of most entries nothing is kept but their count and bytes,
// and of each list only what the document shows.
type tally struct {
	files                         int
	bytes                         int64
	setuid, setgid, worldWritable *shortList[listed]
	shells, sshServers, skipped   *shortList[listed]
	secrets                       *shortList[secrets.Finding]
	caches                        map[string]*cache
}

// listed is an entry a list of the document names.
type listed struct {
	path string
	mode uint16
	id   uint32 // the owner (setuid) or group (setgid)
	dir  bool
}

type cache struct {
	manager string
	bytes   int64
}

func byPath(a, b listed) int { return strings.Compare(a.path, b.path) }

func byLocation(a, b secrets.Finding) int {
	return cmp.Or(strings.Compare(a.File, b.File), a.Line-b.Line, a.Column-b.Column, strings.Compare(a.Rule, b.Rule))
}

// newTally keeps the first keep entries of each list.
func newTally(keep int) tally {
	l := func() *shortList[listed] { return newShortList(keep, byPath) }
	return tally{setuid: l(), setgid: l(), worldWritable: l(), shells: l(), sshServers: l(), skipped: l(),
		secrets: newShortList(keep, byLocation), caches: map[string]*cache{}}
}

// add counts entry r, at path p, of the final file system.
func (t *tally) add(p string, r *record) {
	dir, base := path.Split(p)
	dir = path.Clean(dir)
	file := r.typ == tar.TypeReg || r.typ == tar.TypeLink
	if file {
		t.files++
		t.bytes += r.size
		if r.mode&0o4000 != 0 {
			t.setuid.add(listed{path: p, mode: r.mode, id: r.uid})
		}
		if r.mode&0o2000 != 0 {
			t.setgid.add(listed{path: p, mode: r.mode, id: r.gid})
		}
		if d, m, ok := cacheOf(p); ok {
			c := t.caches[d]
			if c == nil {
				c = &cache{manager: m}
				t.caches[d] = c
			}
			c.bytes += r.size
		}
	}
	switch {
	case r.typ == tar.TypeDir && r.mode&0o002 != 0 && r.mode&0o1000 == 0:
		t.worldWritable.add(listed{path: p, dir: true})
	case file && r.mode&0o002 != 0:
		t.worldWritable.add(listed{path: p})
	}
	if file || r.typ == tar.TypeSymlink {
		if shellNames[base] && binDirs[dir] {
			t.shells.add(listed{path: p})
		}
		if sshServers[base] {
			t.sshServers.add(listed{path: p})
		}
	}
	if r.skipped {
		t.skipped.add(listed{path: p})
	}
	if r.extra != nil && r.extra.content != nil {
		for _, s := range r.extra.content.found {
			t.secrets.add(s)
		}
	}
}

// facts turns what the walk kept into the document's filesystem; reason,
// when not "", is the bound that cut it short.
func (w *walker) facts(reason string) *fileSystem {
	t := &w.tally
	f := &fileSystem{reason: reason, files: t.files, bytes: t.bytes, lists: map[string][]any{}}
	caches := newShortList(w.lim.MaxListed, byPath)
	for d, c := range t.caches {
		if c.bytes > 0 {
			caches.add(listed{path: d})
		}
	}
	lists := map[string]*shortList[listed]{"setuid": t.setuid, "setgid": t.setgid, "world_writable": t.worldWritable,
		"package_caches": caches, "shells": t.shells, "ssh_servers": t.sshServers, "secrets_skipped": t.skipped}
	for _, n := range listNames {
		var out []any
		var cut bool
		switch n {
		case "secrets":
			var found []secrets.Finding
			found, cut = t.secrets.sorted()
			for _, s := range found {
				out = append(out, map[string]any{"path": "/" + s.File, "line": s.Line, "rule": s.Rule, "kind": s.Kind,
					"context": string(s.Context), "context_reason": s.ContextReason, "fingerprint": s.Fingerprint})
			}
		default:
			var items []listed
			items, cut = lists[n].sorted()
			for _, e := range items {
				out = append(out, listValue(n, e, t.caches))
			}
		}
		f.lists[n] = out
		if cut && f.reason == "" {
			f.reason = fmt.Sprintf("more than %d %s entries (the list is cut)", w.lim.MaxListed, n)
		}
	}
	if rel := w.findOSRelease(); rel != nil {
		f.osRelease = rel
	}
	// Walked, so a bound that cut it short is a finding the file policies
	// block on, not the warning of a walk turned off on purpose.
	f.walked, f.complete = true, f.reason == ""
	return f
}

// listValue is entry e of the document's list name.
func listValue(name string, e listed, caches map[string]*cache) any {
	switch name {
	case "setuid":
		return map[string]any{"path": e.path, "mode": fmt.Sprintf("%o", e.mode), "uid": int(e.id)}
	case "setgid":
		return map[string]any{"path": e.path, "mode": fmt.Sprintf("%o", e.mode), "gid": int(e.id)}
	case "world_writable":
		kind := "file"
		if e.dir {
			kind = "dir"
		}
		return map[string]any{"path": e.path, "type": kind}
	case "package_caches":
		c := caches[e.path]
		return map[string]any{"path": e.path, "manager": c.manager, "bytes": int(c.bytes)}
	case "secrets_skipped":
		return map[string]any{"path": e.path}
	}
	return e.path // shells, ssh_servers
}

// findOSRelease reads the os-release file the image's tools would:
// /etc/os-release, else /usr/lib/os-release, symlinks followed inside the
// image.
func (w *walker) findOSRelease() map[string]any {
	for _, p := range []string{"/etc/os-release", "/usr/lib/os-release"} {
		r, ok := w.resolve(p)
		if !ok {
			continue
		}
		if b, ok := w.osRelease[r]; ok {
			return parseOSRelease(b)
		}
	}
	return nil
}

// maxHops bounds the symlinks followed in resolving one path, as the
// kernel's ELOOP does.
const maxHops = 40

// resolve follows the symlinks of p, component by component, without
// leaving the image root: "..", and absolute targets, are taken from the
// image root.
func (w *walker) resolve(p string) (string, bool) {
	hops := 0
	for {
		cur := "/"
		rest := p[1:]
		restarted := false
		for rest != "" {
			seg, after, _ := strings.Cut(rest, "/")
			rest = after
			cur = path.Join(cur, seg)
			_, ok := w.seen[cur]
			if !ok && rest == "" {
				return "", false
			}
			target, link := w.symlinks[cur]
			if !link {
				// A directory, or one a layer implies without an entry of its own.
				continue
			}
			if hops++; hops > maxHops {
				return "", false
			}
			if !path.IsAbs(target) {
				target = path.Join(path.Dir(cur), target)
			}
			p = clean(path.Join(target, rest))
			restarted = true
			break
		}
		if !restarted {
			return cur, true
		}
	}
}

// parseOSRelease reads the fields policies use from an os-release file
// (KEY=value lines, values optionally quoted, shell escapes in double
// quotes).
func parseOSRelease(b []byte) map[string]any {
	out := map[string]any{"id": "", "version_id": "", "pretty_name": ""}
	keys := map[string]string{"ID": "id", "VERSION_ID": "version_id", "PRETTY_NAME": "pretty_name"}
	for line := range strings.Lines(string(b)) {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok {
			continue
		}
		if field, ok := keys[k]; ok {
			out[field] = unquote(v)
		}
	}
	return out
}

func unquote(v string) string {
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return v[1 : len(v)-1]
	}
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
		var b strings.Builder
		for i := 0; i < len(v); i++ {
			if v[i] == '\\' && i+1 < len(v) && strings.IndexByte("\"\\$`", v[i+1]) >= 0 {
				i++
			}
			b.WriteByte(v[i])
		}
		return b.String()
	}
	return v
}
