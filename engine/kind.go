package engine

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Kind names a kind of target: which loader reads it and which policies
// (custom.kind) judge it.
type Kind string

// KindLoader is what a check needs of one target kind. Each kind's package
// provides one; the check core lists them in one place, so a new kind is
// its package, its policies and that line.
type KindLoader interface {
	Loader
	// Kind is the kind of the targets the loader makes.
	Kind() Kind
	// Describe says, in a few words, what input the kind reads ("a
	// Dockerfile"), for messages that list what paved accepts.
	Describe() string
	// Detect reports whether the loader reads the path: a file it
	// recognises (by name, or by its head for formats named by content), or
	// a directory it walks.
	Detect(p *Probe) bool
	// LoadStaged loads the targets a commit touches, read from git's index.
	LoadStaged(ctx context.Context, s *Staged) ([]*Target, error)
}

// Referenced is a KindLoader whose targets may be named by a reference
// that is no path at all (an image: registry.example/app:1.2).
type Referenced interface {
	// ClaimsReference reports whether ref, which names no file, is one of
	// the kind's references.
	ClaimsReference(ref string) bool
	// SuggestReference is, for an argument that names no file and no
	// reference, how to write it as the kind's reference when it looks
	// like one ("" when it does not): a hint for the error.
	SuggestReference(arg string) string
}

// Dated is a KindLoader whose targets hold findings a history dates: the
// first sighting of each tracked resource (an SBOM's vulnerability findings,
// whose SLA runs from it) is read back before the target is judged.
type Dated interface {
	// Tracked lists the resources of t whose first sighting the history keeps.
	Tracked(t *Target) []string
	// Date sets the first sightings on t's input; a resource never seen
	// before is first seen now.
	Date(t *Target, firstSeen map[string]time.Time, now time.Time)
}

// Probe is a path a check asks the kinds about. Its head (the first bytes
// of a file) is read once, when a kind first asks for it.
type Probe struct {
	Path string
	Dir  bool
	head []byte
	read bool
}

// HeadSize is how much of a file Probe.Head reads.
const HeadSize = 64 << 10

// NewProbe stats path.
func NewProbe(path string) (*Probe, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	return &Probe{Path: path, Dir: fi.IsDir()}, nil
}

// Name is the file's base name in lower case.
func (p *Probe) Name() string { return strings.ToLower(filepath.Base(p.Path)) }

// Head is the file's first HeadSize bytes (fewer when it is shorter);
// nil for a directory or a file that cannot be read, which the loader then
// reports.
func (p *Probe) Head() []byte {
	if p.read || p.Dir {
		return p.head
	}
	p.read = true
	f, err := os.Open(p.Path)
	if err != nil {
		return nil
	}
	defer f.Close()
	buf := make([]byte, HeadSize)
	n, _ := io.ReadFull(f, buf)
	p.head = buf[:n]
	return p.head
}

// Staged is what a commit would hold: git's index as a file system, and the
// paths the commit changes, relative to the repository root.
type Staged struct {
	FS      fs.FS
	GitDir  string // the repository's root directory, for git facts
	Changes []Change
}

// Change is one path a commit changes.
type Change struct {
	Path    string // slash path from the repository root
	Deleted bool
}

// ReadFile reads a staged file, bounded like every input.
func (s *Staged) ReadFile(name string, limit int64) ([]byte, error) {
	f, err := s.FS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAllLimit(f, limit)
}
