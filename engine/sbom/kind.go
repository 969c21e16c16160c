package sbom

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/walk"
)

// Kind is the kind of SBOM targets.
const Kind engine.Kind = "sbom"

var (
	_ engine.KindLoader = (*Loader)(nil)
	_ engine.Dated      = (*Loader)(nil)
)

// Kind implements engine.KindLoader.
func (l *Loader) Kind() engine.Kind { return Kind }

// Describe implements engine.KindLoader.
func (l *Loader) Describe() string { return "a CycloneDX (JSON, XML) or SPDX JSON SBOM" }

// Detect claims directories (every SBOM in the tree) and JSON or XML files
// that are SBOMs by content. A JSON document whose head does not say (an
// SBOM with sorted keys names its format late) is claimed too: Load reads
// it whole and says what it is not.
func (l *Loader) Detect(p *engine.Probe) bool {
	if p.Dir {
		return true
	}
	name := p.Name()
	if !strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".xml") {
		return false
	}
	head := p.Head()
	return IsSBOMContent(head) || (len(head) == engine.HeadSize && !bytes.HasPrefix(head, []byte("<")))
}

// LoadStaged parses every SBOM a commit adds or changes, as staged.
func (l *Loader) LoadStaged(ctx context.Context, s *engine.Staged) ([]*engine.Target, error) {
	return walk.LoadStaged(ctx, s, l.kind())
}

func (l *Loader) kind() walk.Kind {
	return walk.Kind{Match: IsSBOMName, Sniff: IsSBOMContent, Parse: l.Parse,
		MaxFileSize: l.opts.MaxFileSize, Exclude: l.opts.Exclude}
}

// Tracked implements engine.Dated: an SBOM's vulnerability findings.
func (l *Loader) Tracked(t *engine.Target) []string { return FindingAddresses(t) }

// Date implements engine.Dated (SetFirstSeen).
func (l *Loader) Date(t *engine.Target, firstSeen map[string]time.Time, now time.Time) {
	SetFirstSeen(t, firstSeen, now)
}
