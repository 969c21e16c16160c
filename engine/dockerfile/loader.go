package dockerfile

import (
	"context"
	"path"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/exclude"
	"github.com/paved-dev/paved/engine/walk"
)

// DefaultMaxFileSize bounds one Dockerfile read when Options.MaxFileSize is
// zero. Real Dockerfiles are a few kilobytes; heredocs make some larger.
const DefaultMaxFileSize = 1 << 20

// Options tune a Loader.
type Options struct {
	// MaxFileSize bounds each file read; a bigger file is a Diagnostic.
	MaxFileSize int64
	// Exclude leaves paths out of a directory walk (gitignore syntax,
	// relative to the scanned directory).
	Exclude *exclude.Matcher
	// Bases, when set, looks up the registry images stages build on and
	// fills their base_user. Nil (the default) looks nothing up: base_user
	// is null and the policies judge from the Dockerfile alone.
	Bases BaseResolver
}

// Loader reads Dockerfiles into targets. It is safe for concurrent use.
type Loader struct {
	opts Options
}

// New returns a Loader.
func New(opts Options) *Loader {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	return &Loader{opts: opts}
}

var _ engine.Loader = (*Loader)(nil)

// notDockerfile are extensions that make Dockerfile.<ext> some other file
// about Dockerfiles (a policy, docs, a lint config), not a Dockerfile.
var notDockerfile = map[string]bool{
	".rego": true, ".md": true, ".txt": true, ".go": true, ".json": true, ".yaml": true, ".yml": true,
	".sh": true, ".py": true, ".js": true, ".ts": true, ".tf": true, ".toml": true, ".lock": true,
	".dockerignore": true, ".bak": true, ".orig": true, ".swp": true,
}

// IsDockerfile reports whether a file name is one a directory walk loads:
// Dockerfile, Containerfile, Dockerfile.<variant>, <anything>.Dockerfile
// (case-insensitive), but not Dockerfile.<source extension> such as a
// dockerfile.rego policy.
func IsDockerfile(name string) bool {
	n := strings.ToLower(name)
	switch {
	case n == "dockerfile", n == "containerfile":
		return true
	case strings.HasPrefix(n, "dockerfile.") && len(n) > len("dockerfile."):
		return !notDockerfile[path.Ext(n)]
	case strings.HasSuffix(n, ".dockerfile") && len(n) > len(".dockerfile"):
		return true
	}
	return false
}

// Load reads the Dockerfiles at p: p itself when it is a file (whatever its
// name), or every Dockerfile under p when it is a directory (walk.Load).
func (l *Loader) Load(ctx context.Context, p string) ([]*engine.Target, error) {
	ts, err := walk.Load(ctx, p, l.kind())
	return l.withBases(ctx, ts, err)
}
