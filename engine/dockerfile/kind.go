package dockerfile

import (
	"context"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/walk"
)

// Kind is the kind of Dockerfile targets.
const Kind engine.Kind = "dockerfile"

var _ engine.KindLoader = (*Loader)(nil)

// Kind implements engine.KindLoader.
func (l *Loader) Kind() engine.Kind { return Kind }

// Describe implements engine.KindLoader.
func (l *Loader) Describe() string { return "a Dockerfile or Containerfile" }

// Detect claims directories (every Dockerfile in the tree) and files named
// like Dockerfiles.
func (l *Loader) Detect(p *engine.Probe) bool { return p.Dir || IsDockerfile(p.Name()) }

// LoadStaged parses every Dockerfile a commit adds or changes, as staged.
func (l *Loader) LoadStaged(ctx context.Context, s *engine.Staged) ([]*engine.Target, error) {
	ts, err := walk.LoadStaged(ctx, s, l.kind())
	return l.withBases(ctx, ts, err)
}

func (l *Loader) kind() walk.Kind {
	return walk.Kind{Match: IsDockerfile, Parse: Parse, MaxFileSize: l.opts.MaxFileSize, Exclude: l.opts.Exclude}
}
