package repo

import (
	"encoding/json"
	"path"
	"regexp"
	"strings"
)

// lockRule says which lock files go with a manifest, and whether they may
// sit in a parent directory (workspaces).
type lockRule struct {
	ecosystem string
	locks     []string
	ancestors bool
	// hasDeps tells from the manifest's text whether it declares
	// dependencies at all (a manifest without any needs no lock).
	hasDeps func(b []byte) bool
}

var (
	goRequireRE   = regexp.MustCompile(`(?m)^\s*require\b`)
	pyDepsRE      = regexp.MustCompile(`(?m)^\s*(dependencies\s*=\s*\[\s*[^\]\s]|\[tool\.poetry\.dependencies\]|\[project\.optional-dependencies\]|\[dependency-groups\])`)
	cargoDepsRE   = regexp.MustCompile(`(?m)^\s*\[(?:.*\.)?(dependencies|dev-dependencies|build-dependencies)(\.[^\]]*)?\]`)
	gemRE         = regexp.MustCompile(`(?m)^\s*gem(spec)?\b`)
	composerLocks = []string{"composer.lock"}
)

var lockRules = map[string]lockRule{
	"package.json":    {"npm", []string{"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb"}, true, jsonDeps("dependencies", "devDependencies", "optionalDependencies")},
	"go.mod":          {"gomod", []string{"go.sum"}, false, goRequireRE.Match},
	"pyproject.toml":  {"pip", []string{"poetry.lock", "uv.lock", "pdm.lock", "pylock.toml", "Pipfile.lock"}, false, pyDepsRE.Match},
	"Pipfile":         {"pip", []string{"Pipfile.lock"}, false, func([]byte) bool { return true }},
	"requirements.in": {"pip", []string{"requirements.txt"}, false, func([]byte) bool { return true }},
	"Cargo.toml":      {"cargo", []string{"Cargo.lock"}, true, cargoDepsRE.Match},
	"Gemfile":         {"bundler", []string{"Gemfile.lock", "gems.locked"}, false, gemRE.Match},
	"composer.json":   {"composer", composerLocks, false, jsonDeps("require", "require-dev")},
	"mix.exs":         {"hex", []string{"mix.lock"}, false, func([]byte) bool { return true }},
	"pubspec.yaml":    {"pub", []string{"pubspec.lock"}, false, func(b []byte) bool { return strings.Contains(string(b), "dependencies:") }},
	"Package.swift":   {"swift", []string{"Package.resolved"}, false, func(b []byte) bool { return strings.Contains(string(b), ".package(") }},
	"Podfile":         {"cocoapods", []string{"Podfile.lock"}, false, func([]byte) bool { return true }},
}

func jsonDeps(keys ...string) func([]byte) bool {
	return func(b []byte) bool {
		var m map[string]json.RawMessage
		if json.Unmarshal(b, &m) != nil {
			return true // unreadable: assume it has some
		}
		for _, k := range keys {
			var deps map[string]any
			if json.Unmarshal(m[k], &deps) == nil && len(deps) > 0 {
				return true
			}
		}
		return false
	}
}

// skipManifestDir leaves out vendored and fixture trees, whose manifests are
// not the repository's own.
func skipManifestDir(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		switch part {
		case "node_modules", "vendor", "testdata", "third_party", "fixtures", "__fixtures__":
			return true
		}
	}
	return false
}

// manifests pairs each dependency manifest with its lock file.
func (ld *load) manifests() []any {
	out := []any{}
	for _, f := range ld.files {
		dir, name := path.Split(f.rel)
		rule, ok := lockRules[name]
		if !ok || !f.mode.IsRegular() || skipManifestDir(f.rel) {
			continue
		}
		meta, b := ld.known(f.rel)
		delete(meta, "error")
		meta["ecosystem"], meta["has_dependencies"] = rule.ecosystem, b == nil || rule.hasDeps(b)
		meta["lockfile"], meta["lockfile_candidates"] = nil, anySlice(rule.locks)
		d := strings.TrimSuffix(dir, "/")
		for {
			found := ""
			for _, l := range rule.locks {
				if _, ok := ld.byRel[path.Join(d, l)]; ok {
					found = path.Join(d, l)
					break
				}
			}
			if found != "" {
				meta["lockfile"] = found
				break
			}
			if !rule.ancestors || d == "" || d == "." {
				break
			}
			d = path.Dir(d)
			if d == "." {
				d = ""
			}
		}
		out = append(out, meta)
	}
	return out
}

func anySlice(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
