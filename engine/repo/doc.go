// Package repo loads a source repository directory into one paved target of
// kind "repo": an input document describing its tree, git facts and the
// files policies reason about (docs/repo-input.md), built without running
// anything from the repository.
//
// # Target and resources
//
// Load(ctx, dir) returns one target whose ID and Path are dir as given,
// cleaned, with slashes. Its resources are one "repo" (address "repo") for
// repository-wide policies and one "workflow" per file under
// .github/workflows (address = its path relative to the root). Target.Owner
// is catalog-info.yaml's spec.owner, else the owners of CODEOWNERS' last `*`
// rule. Paths inside the document are relative to the root; every parsed
// file also carries "file", the path as reported (dir joined with it), which
// policies put in locations.
//
// # Reading
//
// The tree is walked through os.Root: .git and what .gitignore files (at
// every level, plus .git/info/exclude; go-git's gitignore semantics) ignore
// are left out; symlinks are listed with their target and whether it stays
// inside the root, never followed. Known files are regular files only, read
// up to Options.MaxFileSize (default 1 MiB); a bigger one is marked
// too_large, one with a NUL byte binary, and neither is parsed. Files whose
// extension says nothing are sniffed (first 1 KiB) for executable formats.
// The walk stops at Options.MaxFiles (default 200,000) with a Diagnostic.
// Git facts come from go-git, read-only; credentials in remote URLs are
// dropped. Dockerfiles and committed secrets are other packages' work:
// "secrets" is [] here and engine/scan fills it.
//
// # Errors and bounds
//
// Invalid YAML in a workflow, dependabot.yml, catalog-info.yaml or
// .pre-commit-config.yaml is recorded in the document ("error": {line, msg})
// and returned as an engine.Diagnostic at file:line together with the
// target, so policies still judge the rest and the run still exits 2. YAML
// documents are bounded to 100,000 nodes and 64 levels once aliases are
// expanded (alias bombs), on top of yaml.v3's own limits. A cancelled
// context ends Load with its error.
//
// # Cost
//
// The license classifier's embedded database is the expensive part: it is
// built once per Loader, lazily, only when a LICENSE file exists, so a
// one-shot run over a repository with a LICENSE pays it once and others
// never (BenchmarkLoad measures both).
package repo
