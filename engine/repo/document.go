package repo

import (
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"go.yaml.in/yaml/v3"
)

// document builds the input document (docs/repo-input.md).
func (ld *load) document() map[string]any {
	files := make([]any, len(ld.files))
	lower := map[string]string{}
	for i, f := range ld.files {
		e := map[string]any{"path": f.rel, "size": int(f.size), "mode": modeString(f), "type": "file",
			"executable": f.mode&0o111 != 0 && f.link == "", "binary": f.binary, "format": f.format}
		if f.mode&os.ModeSymlink != 0 {
			e["type"], e["target"], e["inside"], e["executable"] = "symlink", f.link, f.inside, false
		}
		files[i] = e
		if f.mode.IsRegular() {
			lower[strings.ToLower(f.rel)] = f.rel
		}
	}
	top := make([]any, len(ld.top))
	for i, e := range ld.top {
		typ := "file"
		if e.dir {
			typ = "dir"
		}
		top[i] = map[string]any{"name": e.name, "type": typ}
	}
	doc := map[string]any{
		"root": ld.prefix,
		"tree": map[string]any{"files": files, "file_count": len(files), "dir_count": ld.dirs,
			"top_level": top, "truncated": ld.trunc},
		"secrets":         []any{},
		"secrets_skipped": []any{},
	}
	if ld.scanner != nil {
		doc["secrets"], doc["secrets_skipped"] = ld.secrets(ld.scanner)
	}

	// The license classifier is the slow part: run it beside the rest.
	var wg sync.WaitGroup
	var license any
	if rel := first(lower, "license", "license.md", "license.txt", "licence", "licence.md", "licence.txt",
		"copying", "copying.md", "copying.txt", "license.rst", "unlicense"); rel != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			license = ld.license(rel)
		}()
	}
	var gitFacts any
	wg.Add(1)
	go func() {
		defer wg.Done()
		gitFacts = ld.git()
	}()

	doc["readme"] = ld.readme(first(lower, "readme.md", "readme", "readme.rst", "readme.txt", "readme.adoc",
		".github/readme.md", "docs/readme.md"))
	doc["security_policy"] = ld.plain(first(lower, "security.md", ".github/security.md", "docs/security.md", "security.txt", "security.rst"))
	doc["codeowners"] = ld.codeowners(first(lower, ".github/codeowners", "codeowners", "docs/codeowners", ".gitlab/codeowners"))
	doc["workflows"] = ld.workflows()
	doc["dependabot"] = ld.dependabot(first(lower, ".github/dependabot.yml", ".github/dependabot.yaml"))
	doc["renovate"] = ld.plain(first(lower, "renovate.json", "renovate.json5", ".github/renovate.json", ".github/renovate.json5",
		".gitlab/renovate.json", ".gitlab/renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5"))
	doc["catalog_info"] = ld.catalogInfo(first(lower, "catalog-info.yaml", "catalog-info.yml"))
	doc["pre_commit"] = ld.preCommit(first(lower, ".pre-commit-config.yaml", ".pre-commit-config.yml"))
	doc["hook_managers"] = ld.hookManagers(lower)
	doc["manifests"] = ld.manifests()
	wg.Wait()
	doc["license"] = license
	doc["git"] = gitFacts

	owner := ""
	if c, ok := doc["catalog_info"].(map[string]any); ok {
		owner, _ = c["owner"].(string)
	}
	if co, ok := doc["codeowners"].(map[string]any); owner == "" && ok {
		if os := co["default_owners"].([]any); len(os) > 0 {
			owner = strings.Join(anyStrings(os), " ")
		}
	}
	doc["owner"] = owner
	return doc
}

func modeString(f *file) string {
	if f.mode&os.ModeSymlink != 0 {
		return "120000"
	}
	if f.mode&0o111 != 0 {
		return "100755"
	}
	return "100644"
}

func anyStrings(xs []any) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// first is the first of the candidate paths (lower case) present in the tree.
func first(lower map[string]string, candidates ...string) string {
	for _, c := range candidates {
		if rel, ok := lower[c]; ok {
			return rel
		}
	}
	return ""
}

// plain records a known file's presence, size and line count.
func (ld *load) plain(rel string) any {
	if rel == "" {
		return nil
	}
	meta, b := ld.known(rel)
	meta["lines"] = strings.Count(string(b), "\n")
	if len(b) > 0 && b[len(b)-1] != '\n' {
		meta["lines"] = meta["lines"].(int) + 1
	}
	return meta
}

var headingRE = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)

// readme records the README and its Markdown headings.
func (ld *load) readme(rel string) any {
	if rel == "" {
		return nil
	}
	m := ld.plain(rel).(map[string]any)
	_, b := ld.known(rel)
	headings := []any{}
	fence := false
	for i, ln := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(ln), "```") {
			fence = !fence
		}
		if fence || len(headings) >= 1000 {
			continue
		}
		if sm := headingRE.FindStringSubmatch(ln); sm != nil {
			headings = append(headings, map[string]any{"level": len(sm[1]), "text": sm[2], "line": i + 1})
		}
	}
	m["headings"] = headings
	return m
}

func (ld *load) codeowners(rel string) any {
	if rel == "" {
		return nil
	}
	meta, b := ld.known(rel)
	rules, errs := parseCodeowners(string(b))
	meta["rules"], meta["errors"] = rules, errs
	meta["default_owners"] = orEmpty(defaultOwners(rules))
	meta["uncovered_top_level"] = uncovered(rules, ld.top)
	return meta
}

func orEmpty(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}

// workflows parses .github/workflows/*.yml and *.yaml.
func (ld *load) workflows() []any {
	out := []any{}
	for _, f := range ld.files {
		dir, name := path.Split(f.rel)
		if dir != ".github/workflows/" || !f.mode.IsRegular() ||
			!(strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")) {
			continue
		}
		meta, b := ld.known(f.rel)
		wf := map[string]any{}
		if b != nil {
			var err error
			if wf, err = parseWorkflow(b); err != nil {
				wf = map[string]any{}
				ld.setError(meta, err, true)
			}
		} else if meta["too_large"] == true || meta["binary"] == true {
			ld.setError(meta, &yamlError{Line: 0, Msg: "workflow not read: too large or binary"}, true)
		}
		for k, v := range meta {
			wf[k] = v
		}
		out = append(out, wf)
	}
	return out
}

func (ld *load) dependabot(rel string) any {
	if rel == "" {
		return nil
	}
	meta, b := ld.known(rel)
	meta["version"], meta["updates"] = nil, []any{}
	if b == nil {
		return meta
	}
	root, err := parseYAML(b)
	if err != nil {
		ld.setError(meta, err, true)
		return meta
	}
	meta["version"] = value(get(root, "version"))
	updates := []any{}
	for _, u := range items(get(root, "updates")) {
		updates = append(updates, map[string]any{
			"package_ecosystem": str(get(u, "package-ecosystem")),
			"directory":         str(get(u, "directory")),
			"directories":       orEmpty(toList(value(get(u, "directories")))),
			"schedule_interval": str(get(get(u, "schedule"), "interval")),
			"line":              u.Line,
		})
	}
	meta["updates"] = updates
	return meta
}

func toList(v any) []any {
	l, _ := v.([]any)
	return l
}

func (ld *load) preCommit(rel string) any {
	if rel == "" {
		return nil
	}
	meta, b := ld.known(rel)
	meta["repos"] = []any{}
	if b == nil {
		return meta
	}
	root, err := parseYAML(b)
	if err != nil {
		ld.setError(meta, err, true)
		return meta
	}
	repos := []any{}
	for _, r := range items(get(root, "repos")) {
		hooks := []any{}
		for _, h := range items(get(r, "hooks")) {
			hooks = append(hooks, map[string]any{"id": str(get(h, "id")), "line": h.Line})
		}
		repos = append(repos, map[string]any{"repo": str(get(r, "repo")), "rev": str(get(r, "rev")), "line": r.Line, "hooks": hooks})
	}
	meta["repos"] = repos
	return meta
}

// hookManagers lists the other ways a repository runs hooks before a commit.
func (ld *load) hookManagers(lower map[string]string) []any {
	out := []any{}
	for _, c := range []struct{ name, rel string }{
		{"husky", ".husky/pre-commit"}, {"lefthook", "lefthook.yml"}, {"lefthook", ".lefthook.yml"},
		{"lefthook", "lefthook.yaml"}, {"overcommit", ".overcommit.yml"}, {"pre-commit", ".pre-commit-config.yaml"},
	} {
		if rel, ok := lower[c.rel]; ok && !slices.Contains(out, any(c.name)) {
			_ = rel
			out = append(out, c.name)
		}
	}
	return out
}

// git reads HEAD, branch, remote and the last commit's time, read-only,
// when the root is a git checkout. Credentials in a remote URL are dropped.
func (ld *load) git() any {
	if ld.gitDir == "" {
		return nil
	}
	facts := map[string]any{"head": "", "branch": "", "remote": "", "last_commit_time": "", "error": nil}
	r, err := git.PlainOpenWithOptions(ld.gitDir, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err != nil {
		facts["error"] = err.Error()
		return facts
	}
	if cfg, err := r.Config(); err == nil {
		name := "origin"
		if _, ok := cfg.Remotes[name]; !ok {
			names := make([]string, 0, len(cfg.Remotes))
			for n := range cfg.Remotes {
				names = append(names, n)
			}
			slices.Sort(names)
			if len(names) > 0 {
				name = names[0]
			}
		}
		if rc, ok := cfg.Remotes[name]; ok && len(rc.URLs) > 0 {
			facts["remote"] = redactURL(rc.URLs[0])
		}
	}
	head, err := r.Head()
	if err != nil {
		facts["error"] = err.Error() // e.g. no commit yet
		return facts
	}
	facts["head"] = head.Hash().String()
	if head.Name().IsBranch() {
		facts["branch"] = head.Name().Short()
	}
	if c, err := r.CommitObject(head.Hash()); err == nil {
		facts["last_commit_time"] = c.Committer.When.UTC().Format(time.RFC3339)
	} else {
		facts["error"] = err.Error()
	}
	return facts
}

var userinfoRE = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@`)

// redactURL drops user and password from a URL-style remote
// (https://user:token@host/…); scp-style git@host:… keeps its user.
func redactURL(u string) string {
	return userinfoRE.ReplaceAllString(u, "$1")
}

var _ = yaml.Node{}
