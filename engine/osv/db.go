package osv

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/google/osv-scalibr/semantic"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/sbom"
	"github.com/paved-dev/paved/engine/walk"
)

// Defaults for Options left zero.
const (
	DefaultMaxRecordSize = 16 << 20 // OSV's largest records (kernel, Debian) are a few MiB
	DefaultMaxRecords    = 2_000_000
	maxDiagnostics       = 50 // reported; the count of the rest is given
)

// Options bound what Load reads.
type Options struct {
	// MaxRecordSize bounds one record: a file, or a zip entry once
	// decompressed.
	MaxRecordSize int64
	// MaxRecords bounds the records (files and zip entries) of the whole
	// database.
	MaxRecords int
	// Workers decode records in parallel; 0 is one per CPU.
	Workers int
}

// DB is a loaded OSV database. It is safe for concurrent use.
type DB struct {
	index   map[string][]*entry // ecosystem "\x00" normalised name → entries
	records int
}

var _ sbom.AdvisoryDB = (*DB)(nil)

// Records is the number of advisories read (withdrawn ones included).
func (db *DB) Records() int { return db.records }

// Load reads an OSV database at p: a directory, walked for *.json records
// and *.zip exports (osv.dev's per-ecosystem all.zip, whose entries are
// records), or one such zip file. Hidden directories are skipped and no
// symlink is followed out of p. A record that cannot be read or is not a
// valid OSV advisory is an engine.Diagnostic naming its file
// (archive.zip!entry.json for a zip entry); with any, Load returns no DB.
func Load(ctx context.Context, p string, opts Options) (*DB, error) {
	if opts.MaxRecordSize <= 0 {
		opts.MaxRecordSize = DefaultMaxRecordSize
	}
	if opts.MaxRecords <= 0 {
		opts.MaxRecords = DefaultMaxRecords
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("vulnerability database: %w", err)
	}
	dir, name := p, "."
	if !info.IsDir() {
		dir, name = filepath.Dir(p), filepath.Base(p)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("vulnerability database: %w", err)
	}
	defer root.Close()
	l := &loader{opts: opts, fsys: root.FS(), display: filepath.ToSlash(filepath.Clean(p)), index: map[string][]*entry{}}
	l.run(ctx, name)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(l.diags) > 0 {
		slices.SortStableFunc(l.diags, func(a, b engine.Diagnostic) int { return strings.Compare(a.File, b.File) })
		if n := len(l.diags); n > maxDiagnostics {
			l.diags = append(l.diags[:maxDiagnostics], engine.Diagnostic{File: l.display, Message: fmt.Sprintf("and %d more invalid records", n-maxDiagnostics)})
		}
		return nil, l.diags
	}
	// Workers finish in any order: sort, so results are the same each run.
	for _, es := range l.index {
		slices.SortFunc(es, func(a, b *entry) int {
			if c := strings.Compare(a.adv.id, b.adv.id); c != 0 {
				return c
			}
			return strings.Compare(a.ecosystem, b.ecosystem)
		})
	}
	return &DB{index: l.index, records: l.records}, nil
}

// loader reads records and decodes them on a bounded pool of workers.
type loader struct {
	opts    Options
	fsys    fs.FS
	display string // p as the user wrote it, slash-separated

	archives []io.Closer // zip files open for the workers

	mu      sync.Mutex
	index   map[string][]*entry
	diags   engine.Diagnostics
	records int
}

// job is one record to read and decode, and the name diagnostics give it.
// Reading happens on the workers too, so decompression runs in parallel.
type job struct {
	name string
	read func() ([]byte, error)
}

func (l *loader) run(ctx context.Context, name string) {
	jobs := make(chan job, l.opts.Workers)
	var wg sync.WaitGroup
	for range l.opts.Workers {
		wg.Go(func() {
			for j := range jobs {
				src, err := j.read()
				if err != nil {
					l.addErr(j.name, err)
					continue
				}
				es, err := decode(j.name, src)
				if err != nil {
					l.addErr(j.name, err)
					continue
				}
				l.mu.Lock()
				for k, e := range es {
					l.index[k] = append(l.index[k], e...)
				}
				l.mu.Unlock()
			}
		})
	}
	l.produce(ctx, name, jobs)
	close(jobs)
	wg.Wait()
	for _, f := range l.archives {
		f.Close()
	}
}

// produce reads every record under name into jobs, in a stable order.
func (l *loader) produce(ctx context.Context, name string, jobs chan<- job) {
	if name != "." {
		if strings.HasSuffix(strings.ToLower(name), ".zip") {
			l.readZip(ctx, name, l.display, jobs)
			return
		}
		l.readFile(name, l.display, jobs)
		return
	}
	files, diags := walk.Files(ctx, l.fsys, nil, func(n string) bool {
		n = strings.ToLower(n)
		return strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".zip")
	})
	for _, d := range diags {
		d.File = path.Join(l.display, d.File)
		l.addErr(d.File, engine.Diagnostics{d})
	}
	for _, f := range files {
		if ctx.Err() != nil {
			return
		}
		shown := path.Join(l.display, f)
		if strings.HasSuffix(strings.ToLower(f), ".zip") {
			l.readZip(ctx, f, shown, jobs)
		} else {
			l.readFile(f, shown, jobs)
		}
	}
}

// count takes one record from the budget; false once it is spent.
func (l *loader) count(shown string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records++
	if l.records == l.opts.MaxRecords+1 {
		l.diags = append(l.diags, engine.Diagnostic{File: shown, Message: fmt.Sprintf("more than %d records in the vulnerability database", l.opts.MaxRecords)})
	}
	return l.records <= l.opts.MaxRecords
}

func (l *loader) readFile(name, shown string, jobs chan<- job) {
	if !l.count(shown) {
		return
	}
	jobs <- job{name: shown, read: func() ([]byte, error) {
		b, ok, d := walk.Read(l.fsys, name, shown, l.opts.MaxRecordSize)
		switch {
		case d != nil:
			return nil, engine.Diagnostics{*d}
		case !ok:
			return nil, errors.New("not a regular file inside the database directory")
		}
		return b, nil
	}}
}

// readZip streams the .json entries of an osv.dev export, each bounded
// once decompressed.
func (l *loader) readZip(ctx context.Context, name, shown string, jobs chan<- job) {
	f, err := l.fsys.Open(name)
	if err != nil {
		l.addErr(shown, err)
		return
	}
	// Workers read its entries: it is closed once they are done.
	l.archives = append(l.archives, f)
	ra, ok := f.(io.ReaderAt)
	st, serr := f.Stat()
	if !ok || serr != nil || !st.Mode().IsRegular() {
		l.addErr(shown, errors.New("not a regular file inside the database directory"))
		return
	}
	zr, err := zip.NewReader(ra, st.Size())
	if err != nil {
		l.addErr(shown, fmt.Errorf("not a zip archive: %v", err))
		return
	}
	for _, zf := range zr.File {
		if ctx.Err() != nil {
			return
		}
		if zf.FileInfo().IsDir() || !strings.HasSuffix(strings.ToLower(zf.Name), ".json") {
			continue
		}
		entryName := shown + "!" + zf.Name
		if !l.count(entryName) {
			return
		}
		if zf.UncompressedSize64 > uint64(l.opts.MaxRecordSize) {
			l.addErr(entryName, fmt.Errorf("larger than %d bytes", l.opts.MaxRecordSize))
			continue
		}
		jobs <- job{name: entryName, read: func() ([]byte, error) {
			rc, err := zf.Open()
			if err != nil {
				return nil, err
			}
			defer rc.Close()
			// The header's size is not trusted: the read itself is bounded.
			return engine.ReadAllLimit(rc, l.opts.MaxRecordSize)
		}}
	}
}

// addErr records err against file.
func (l *loader) addErr(file string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ds engine.Diagnostics
	if errors.As(err, &ds) {
		l.diags = append(l.diags, ds...)
		return
	}
	l.diags = append(l.diags, engine.Diagnostic{File: file, Message: err.Error()})
}

// Affecting lists the advisories that affect the package purl names at its
// version: per advisory, whether any of its affected entries for the
// package (and, for a distribution, its release) lists the version or has
// a range holding it (OSV's evaluation: SEMVER and ECOSYSTEM ranges, GIT
// ranges ignored).
func (db *DB) Affecting(purl string) []sbom.Advisory {
	ref, ok := fromPurl(purl)
	if !ok {
		return nil
	}
	entries := db.index[ref.ecosystem+"\x00"+ref.name]
	if len(entries) == 0 {
		return nil
	}
	m := matcher{version: ref.version, ecosystem: ref.ecosystem}
	var out []sbom.Advisory
	at := map[string]int{} // by id: a record present twice (file and zip) is one advisory
	for _, e := range entries {
		if ref.release != "" && e.release != "" && ref.release != e.release {
			continue
		}
		if !m.affects(e) {
			continue
		}
		i, seen := at[e.adv.id]
		if !seen {
			i = len(out)
			at[e.adv.id] = i
			a := e.adv
			out = append(out, sbom.Advisory{ID: a.id, Source: "osv", Aliases: a.aliases, Summary: a.summary,
				Published: a.published, Ratings: e.ratings})
		}
		for _, f := range e.fixedVersions() {
			if !slices.Contains(out[i].Fixed, f) {
				out[i].Fixed = append(out[i].Fixed, f)
			}
		}
	}
	return out
}

func (e *entry) fixedVersions() []string {
	var out []string
	for _, r := range e.ranges {
		for _, ev := range r.events {
			if ev.kind == fixed {
				out = append(out, ev.raw)
			}
		}
	}
	return out
}

// matcher holds one component version, parsed once per kind of range.
type matcher struct {
	version, ecosystem string
	eco, sem           semantic.Version
	ecoErr             error
	parsedEco, parsed  bool
}

func (m *matcher) parsedVersion(semver bool) (semantic.Version, error) {
	if semver {
		if !m.parsed {
			m.sem, m.parsed = semantic.ParseSemverVersion(m.version), true
		}
		return m.sem, nil
	}
	if !m.parsedEco {
		m.eco, m.ecoErr = semantic.Parse(m.version, m.ecosystem)
		m.parsedEco = true
	}
	return m.eco, m.ecoErr
}

// affects is OSV's IsVulnerable for one affected entry.
func (m *matcher) affects(e *entry) bool {
	if e.versions[m.version] {
		return true
	}
	for _, r := range e.ranges {
		v, err := m.parsedVersion(r.semver)
		if err != nil {
			// A version the ecosystem cannot order is matched only by
			// the versions list.
			continue
		}
		if r.includes(v) {
			return true
		}
	}
	return false
}

// includes walks the sorted events: the last one at or below v decides.
func (r *vrange) includes(v semantic.Version) bool {
	if len(r.limits) > 0 {
		below := false
		for _, l := range r.limits {
			if c, err := v.Compare(l); err == nil && c < 0 {
				below = true
			}
		}
		if !below {
			return false
		}
	}
	vulnerable := false
	for _, ev := range r.events {
		c := 1 // v against introduced "0": always above
		if ev.v != nil {
			var err error
			if c, err = v.Compare(ev.v); err != nil {
				return false
			}
		}
		switch ev.kind {
		case introduced:
			if c >= 0 {
				vulnerable = true
			}
		case fixed:
			if c >= 0 {
				vulnerable = false
			}
		case lastAffected:
			if c > 0 {
				vulnerable = false
			}
		}
	}
	return vulnerable
}
